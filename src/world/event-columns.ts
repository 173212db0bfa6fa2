/**
 * The numbers a processing needs of each event in a list (its packed key, and its info: tag bits and
 * payload size, event-tags.ts), in one array of doubles beside the list. The event cache attaches them
 * to the lists it hands out, filled from the grid's contiguous stores, so processing never dereferences
 * an event it does not send; a list that did not come from the cache (a batcher may build its own)
 * gets them computed from the events.
 *
 * A viewport query lends its own buffer instead of copying it (LentColumns): nearly every list is
 * processed once, right after its query, and the copy was a third of what a query allocated.
 */
import type { Viewport } from '../batcher/ports.js';
import type { CachedEvent } from './cached-event.js';
import type { PrivateAudience } from './private-audience.js';

/** Per event, interleaved: key at 2i, info at 2i + 1 (one array rather than two: one allocation). */
export interface EventColumns {
  /** May be longer than 2 * count (a lent buffer): only the first 2 * count entries describe the list. */
  readonly data: readonly number[];
  /** How many events the data describes (columnsOf uses them only for a list of that length). */
  readonly count: number;
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
  /**
   * For a viewport list: the box it was queried with, and the index's stamp of that query (two lists
   * of the same box with the same stamp hold the same events in the same order, spatial-index.ts).
   */
  readonly box?: Viewport;
  readonly stamp?: number;
  /** The index the list came from, to ask whether the box changed since an earlier stamp. */
  readonly region?: ChangesInBox;
}

/** What processing asks an index about a box between two searches of it (spatial-index.ts). */
export interface ChangesInBox {
  unchangedInside(box: Viewport, since: number): boolean;
}

const NO_DATA: readonly number[] = Object.freeze([]);

/**
 * Columns whose data is, for now, the lender's query buffer. Before the lender reuses the buffer it
 * calls keep(), which copies them out; a borrower done with the list calls releaseColumns() first, and
 * the copy is skipped (the list then falls back to columns computed from its events, should anyone
 * process it again).
 */
export class LentColumns implements EventColumns {
  private lent = true;

  constructor(
    public data: readonly number[],
    public count: number,
    readonly audience: PrivateAudience,
    readonly audienceEpoch: number,
    readonly box: Viewport,
    readonly stamp: number,
    readonly region: ChangesInBox,
  ) {}

  /** The lender is about to reuse its buffer: a list still in use gets its own copy. */
  keep(): void {
    if (!this.lent) return;
    this.lent = false;
    this.data = this.data.slice(0, 2 * this.count);
  }

  /** The borrower is done: the buffer goes back without a copy. */
  release(): void {
    if (!this.lent) return;
    this.lent = false;
    this.data = NO_DATA;
    this.count = -1;
  }
}

const COLUMNS = Symbol('event columns');

type WithColumns = readonly CachedEvent[] & { [COLUMNS]?: EventColumns };

export function attachColumns(events: readonly CachedEvent[], columns: EventColumns): void {
  (events as WithColumns)[COLUMNS] = columns;
}

/** The columns of a list: attached ones when they still match it, else computed. */
export function columnsOf(events: readonly CachedEvent[]): EventColumns {
  const attached = (events as WithColumns)[COLUMNS];
  if (attached !== undefined && attached.count === events.length) return attached;
  const data: number[] = [];
  for (let i = 0; i < events.length; i++) data.push(events[i]!.key, events[i]!.info);
  return { data, count: events.length };
}

/** A processing is done with a list: columns it borrowed go back to the cache without a copy. */
export function releaseColumns(events: readonly CachedEvent[]): void {
  const attached = (events as WithColumns)[COLUMNS];
  if (attached instanceof LentColumns) attached.release();
}
