/**
 * The numbers a processing needs of each event in a list (its packed key, and its info: tag bits and
 * payload size, event-tags.ts), in one array of doubles beside the list. The event cache attaches them to the lists it hands out, filled from the
 * grid's contiguous cell columns, so processing never dereferences an event it does not send; a list
 * that did not come from the cache (a batcher may build its own) gets them computed from the events.
 */
import type { CachedEvent } from './cached-event.js';
import type { PrivateAudience } from './private-audience.js';

/** Per event, interleaved: key at 2i, info at 2i + 1 (one array rather than two: one allocation). */
export interface EventColumns {
  readonly data: readonly number[];
  /**
   * The list's first `rankedPrefix` events are the best of the global-feed ranking, best first, and
   * better than every event after them (which are in no order): a global-feed processing that finds
   * its cap in the prefix ranks nothing.
   */
  readonly rankedPrefix?: number;
  /**
   * The cache's index of private events' audiences, and its epoch when the list was made: while the
   * epoch is unchanged, the index answers for every private event of the list (none has left since).
   * Absent on lists that did not come from the cache.
   */
  readonly audience?: PrivateAudience;
  readonly audienceEpoch?: number;
}

const COLUMNS = Symbol('event columns');

type WithColumns = readonly CachedEvent[] & { [COLUMNS]?: EventColumns };

export function attachColumns(events: readonly CachedEvent[], columns: EventColumns): void {
  (events as WithColumns)[COLUMNS] = columns;
}

/** The columns of a list: attached ones when they still match it, else computed. */
export function columnsOf(events: readonly CachedEvent[]): EventColumns {
  const attached = (events as WithColumns)[COLUMNS];
  if (attached !== undefined && attached.data.length === 2 * events.length) return attached;
  const data: number[] = [];
  for (let i = 0; i < events.length; i++) data.push(events[i]!.key, events[i]!.info);
  return { data };
}
