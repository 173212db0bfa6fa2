/**
 * Ranking and the cap: when more events pass a user's filters than the cap allows, the best-ranked
 * ones are kept. Verified before pending before expired before rejected; then, with a viewport, the
 * nearest to its centre, and for the global feed the most popular; ties by uid, so the result is a
 * pure function of the events (processing and the oracle must agree on it).
 * Below the cap nothing is sorted: the diff compares sets, and the client orders its own markers.
 */
import type { Viewport } from '../batcher/ports.js';
import type { CachedEvent } from './cached-event.js';
import type { EventStatus } from './event.js';

const STATUS_RANK: Record<EventStatus, number> = { VERIFIED: 0, PENDING: 1, EXPIRED: 2, REJECTED: 3 };

export function rankKey(
  event: Pick<CachedEvent, 'location' | 'status' | 'saveCount' | 'scanCount'>,
  viewport: Viewport | null,
): number {
  if (viewport !== null) {
    const dx = event.location[0] - (viewport.minX + viewport.maxX) / 2;
    const dy = event.location[1] - (viewport.minY + viewport.maxY) / 2;
    // Squared distance in degrees² is < 1e5 for any point on Earth, so the status dominates.
    return STATUS_RANK[event.status] * 1e6 + dx * dx + dy * dy;
  }
  // Popularity first (bigger is better, so negated), bounded so the status still dominates.
  const popularity = Math.min(event.saveCount * 3 + event.scanCount, 999_999);
  return STATUS_RANK[event.status] * 1e6 - popularity;
}

/**
 * Reorders `order[0..count)` (indices into `events`) so that its first min(count, cap) entries are
 * the best-ranked events, and returns that number.
 */
export function keepBestRankedIndices(
  events: readonly CachedEvent[],
  order: Int32Array | number[],
  count: number,
  cap: number,
  viewport: Viewport | null,
): number {
  if (count <= cap) return count;
  const keys = new Float64Array(count);
  const uids = new Float64Array(count);
  const positions = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const event = events[order[i]!]!;
    keys[i] = rankKey(event, viewport);
    uids[i] = event.uid;
    positions[i] = i;
  }
  positions.sort((a, b) => keys[a]! - keys[b]! || uids[a]! - uids[b]!);
  const best = new Int32Array(cap);
  for (let i = 0; i < cap; i++) best[i] = order[positions[i]!]!;
  for (let i = 0; i < cap; i++) order[i] = best[i]!;
  return cap;
}

/** Orders positions by (rank, uid) ascending: the better-ranked first. */
function better(ranks: ArrayLike<number>, uids: ArrayLike<number>, a: number, b: number): number {
  return ranks[a]! - ranks[b]! || uids[a]! - uids[b]!;
}

/**
 * The positions of the `m` best-ranked entries, best first, by (rank, uid): a quickselect over the
 * whole list, then a sort of the winners only, so a list of a million events costs about one pass.
 */
export function bestRankedPositions(ranks: ArrayLike<number>, uids: ArrayLike<number>, m: number): Int32Array {
  const n = ranks.length;
  const positions = new Int32Array(n);
  for (let i = 0; i < n; i++) positions[i] = i;
  const want = Math.min(m, n);
  let lo = 0;
  let hi = n - 1;
  // Hoare-style quickselect: afterwards positions[0..want) hold the `want` best, in no order.
  while (hi > lo && want < n) {
    const pivot = positions[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (better(ranks, uids, positions[i]!, pivot) < 0) i++;
      while (better(ranks, uids, positions[j]!, pivot) > 0) j--;
      if (i <= j) {
        const swap = positions[i]!;
        positions[i] = positions[j]!;
        positions[j] = swap;
        i++;
        j--;
      }
    }
    if (want - 1 <= j) hi = j;
    else if (want - 1 >= i) lo = i;
    else break;
  }
  const best = positions.slice(0, want);
  best.sort((a, b) => better(ranks, uids, a, b));
  return best;
}

/** The same over an array of events: its first min(count, cap) entries become the best-ranked. */
export function keepBestRanked(events: CachedEvent[], count: number, cap: number, viewport: Viewport | null): number {
  if (count <= cap) return count;
  const order = Array.from({ length: count }, (_, i) => i);
  const kept = keepBestRankedIndices(events, order, count, cap, viewport);
  const best = order.slice(0, kept).map((i) => events[i]!);
  for (let i = 0; i < kept; i++) events[i] = best[i]!;
  return kept;
}
