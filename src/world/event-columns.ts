/**
 * The numbers a processing needs of each event in a list (its packed key, and its info: tag bits and
 * payload size, event-tags.ts), in one array of doubles beside the list. The event cache attaches them
 * to the lists it hands out, filled from the grid's contiguous stores, so processing never dereferences
 * an event it does not send; a list that did not come from the cache (a batcher may build its own)
 * gets them computed from the events.
 *
 * A viewport query lends out its own search buffers instead of copying them (LentList): the list a
 * processing gets is the buffer the search wrote, and the processing gives it back when it is done, so
 * a later query fills it again. Copying the list and its columns out of one shared buffer was over a
 * third of everything a simulation allocated.
 */
import type { Viewport } from '../batcher/ports.js';
import type { CachedEvent } from './cached-event.js';
import type { PrivateAudience } from './private-audience.js';
import { PointSearchResult } from './spatial/spatial-index.js';

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

/** What a lent list is searched from: the index, which also answers ChangesInBox for its stamps. */
export interface ListSource extends ChangesInBox {
  search(box: Viewport, out: PointSearchResult<CachedEvent>): void;
}

/** The lent lists given back and ready for another query. */
export class ListPool {
  private readonly free: LentList[] = [];

  /** The events in the box, in a list lent until the borrower releases it. */
  lend(source: ListSource, box: Viewport, audience: PrivateAudience): readonly CachedEvent[] {
    return (this.free.pop() ?? new LentList(this)).fill(source, box, audience);
  }

  give(list: LentList): void {
    this.free.push(list);
  }
}

/**
 * A viewport list and its columns, lent from a ListPool. fill() searches into the list's buffers and
 * hands out the values array itself as the list (exactly `count` long); the borrower's
 * releaseColumns() gives it back, and a later query fills the same arrays again. A list that is never
 * released stays valid: it is simply never reused. A released list belongs to the lender again and
 * must not be read (its columns no longer match it, so columnsOf recomputes them from whatever the
 * array then holds).
 */
export class LentList implements EventColumns {
  private readonly found = new PointSearchResult<CachedEvent>();
  readonly data: readonly number[] = this.found.columns;
  count = -1;
  audience: PrivateAudience | undefined = undefined;
  audienceEpoch = 0;
  box: Viewport | undefined = undefined;
  stamp = 0;
  region: ChangesInBox | undefined = undefined;
  private lent = false;

  constructor(private readonly pool: ListPool) {
    attachColumns(this.found.values, this);
  }

  /** Searches `box` into this list's buffers and lends the list out until release(). */
  fill(source: ListSource, box: Viewport, audience: PrivateAudience): readonly CachedEvent[] {
    const found = this.found;
    found.reset();
    source.search(box, found);
    const values = found.values;
    const count = found.count;
    // Entries past the count are the previous search's: cut them off (and let go of their events).
    // One pop at a time: V8 gives back at most half the spare storage per pop, where setting the
    // length gives it all back, and a later, longer list then copies itself at every step of growth.
    while (values.length > count) values.pop();
    this.count = count;
    this.audience = audience;
    this.audienceEpoch = audience.epoch;
    this.box = box;
    this.stamp = found.stamp;
    this.region = source;
    this.lent = true;
    return values;
  }

  /** The borrower is done: the buffers go back to the pool for a later query. */
  release(): void {
    if (!this.lent) return;
    this.lent = false;
    this.count = -1;
    this.box = undefined;
    this.pool.give(this);
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

/** A processing is done with a list: a lent one goes back to the cache's pool (see LentList). */
export function releaseColumns(events: readonly CachedEvent[]): void {
  const attached = (events as WithColumns)[COLUMNS];
  if (attached instanceof LentList) attached.release();
}
