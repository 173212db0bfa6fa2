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
  const ranked: { key: number; uid: number; index: number }[] = [];
  for (let i = 0; i < count; i++) {
    const event = events[order[i]!]!;
    ranked.push({ key: rankKey(event, viewport), uid: event.uid, index: order[i]! });
  }
  ranked.sort((a, b) => a.key - b.key || a.uid - b.uid);
  for (let i = 0; i < cap; i++) order[i] = ranked[i]!.index;
  return cap;
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
