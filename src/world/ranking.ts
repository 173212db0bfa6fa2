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

function rankKey(event: CachedEvent, viewport: Viewport | null): number {
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
 * Reorders `events[0..count)` so that its first min(count, cap) entries are the best-ranked ones, and
 * returns that number.
 */
export function keepBestRanked(events: CachedEvent[], count: number, cap: number, viewport: Viewport | null): number {
  if (count <= cap) return count;
  const keys = new Float64Array(count);
  const order = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    keys[i] = rankKey(events[i]!, viewport);
    order[i] = i;
  }
  order.sort((a, b) => keys[a]! - keys[b]! || events[a]!.uid - events[b]!.uid);
  const best = new Array<CachedEvent>(cap);
  for (let i = 0; i < cap; i++) best[i] = events[order[i]!]!;
  for (let i = 0; i < cap; i++) events[i] = best[i]!;
  return cap;
}
