/**
 * What a user should see of a list of events: the visible ones that pass its filters, best-ranked
 * first and capped. The filtering service and the oracle both call this, so the oracle checks the
 * pipeline around it (marking, batching, diffing, transport, clients); its rules have tests of their own.
 */
import type { Viewport } from '../batcher/ports.js';
import type { CachedEvent } from './cached-event.js';
import type { EventPredicate } from './filter-predicate.js';
import { keepBestRanked } from './ranking.js';
import type { WorldSettings } from './settings.js';

/** Fills `out` from index 0 and returns how many entries are the selection (out may be longer). */
export function selectForUser(
  userId: string,
  events: readonly CachedEvent[],
  viewport: Viewport | null,
  predicate: EventPredicate | null,
  cap: number,
  out: CachedEvent[],
): number {
  let n = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (event.isPrivate && event.creatorId !== userId && !event.sharedWith.includes(userId)) continue;
    if (predicate !== null && !predicate(event)) continue;
    out[n++] = event;
  }
  return keepBestRanked(out, n, cap, viewport);
}

export function resultCapFor(viewport: Viewport | null, caps: WorldSettings['resultCap']): number {
  return viewport === null ? caps.global : caps.viewport;
}
