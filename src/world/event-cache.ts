/**
 * The event cache behind EventCacheService: live events by id, a dynamic spatial index for viewport
 * queries, a capacity that evicts the oldest event, and the bulk clear of the maintenance job.
 */
import type { EventCacheService, Viewport } from '../batcher/ports.js';
import { createCachedEvent, moveCachedEvent, patchCachedEvent, type CachedEvent } from './cached-event.js';
import type { EventRef } from './change.js';
import { attachColumns, LentColumns } from './event-columns.js';
import type { CategoryRegistry } from './event-tags.js';
import { bestRankedPositions } from './ranking.js';
import type { EventPatch, LngLat, SimEvent } from './event.js';
import { PrivateAudience } from './private-audience.js';
import { GridGeometry } from './spatial/grid-geometry.js';
import { PointGrid, type GridPoint } from './spatial/point-grid.js';
import { RBushPointIndex } from './spatial/rbush-indexes.js';
import { PointSearchResult, type PointIndex, type SpatialIndexKind } from './spatial/spatial-index.js';

/** Numbers kept per live event beside `live`: global rank, uid, key, info. */
const NUMBERS = 4;

/** The cache's mutable entry for one event; `value` is the immutable snapshot handed out. */
class EventEntry implements GridPoint<CachedEvent> {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  gridCell = -1;
  gridSlot = -1;
  /** Position in `live`, or -1 once the event left the cache. */
  liveIndex = -1;

  constructor(public value: CachedEvent) {
    this.minX = this.maxX = value.location[0];
    this.minY = this.maxY = value.location[1];
  }
}

export interface EventCacheOptions {
  area: Viewport;
  /** At most this many events; inserting one more evicts the oldest. */
  capacity: number;
  index: SpatialIndexKind;
  /** Grid cell size; about a quarter of a typical viewport side works well. */
  cellSizeDeg: number;
  /** Category bits for event tags (shared with the users' compiled filters). */
  categories: CategoryRegistry;
  /** How many of the best-ranked events getAllEvents() puts first, in order. Default 4096. */
  rankedPrefix?: number;
}

/** An event that changed, as the affected-user lookup needs it: where it was and where it is. */
export interface EventChangeResult {
  before: CachedEvent | null;
  after: CachedEvent | null;
}

export class EventCache implements EventCacheService<CachedEvent> {
  readonly capacity: number;
  readonly categories: CategoryRegistry;
  /** Who may see each live private event (processing asks it instead of the event objects). */
  readonly audience = new PrivateAudience();
  private readonly rankedPrefix: number;
  private readonly index: PointIndex<EventEntry, CachedEvent>;
  private readonly byId = new Map<string, EventEntry>();
  /** Live entries, dense, for `pick` refs and getAllEvents. */
  private readonly live: EventEntry[] = [];
  /**
   * Beside `live`, position for position: each snapshot, and its numbers (global rank, uid, key,
   * info), so building the all-events list reads contiguous arrays instead of every event object.
   */
  private readonly liveValues: CachedEvent[] = [];
  private readonly liveNumbers: number[] = [];
  /** Entries in insertion order for eviction; entries that left are skipped lazily. */
  private insertionOrder: EventEntry[] = [];
  private insertionHead = 0;
  /** Entries in insertionOrder that left the cache (before or after the head). */
  private departedInOrder = 0;
  private nextUid = 1;
  private allEventsSnapshot: readonly CachedEvent[] | null = null;
  private readonly found = new PointSearchResult<CachedEvent>();
  /** The columns of the last viewport list, lent from `found` (event-columns.ts). */
  private lent: LentColumns | null = null;
  private evictions = 0;

  private readonly spatialOrder: ((lng: number, lat: number) => number) | null;

  constructor(options: EventCacheOptions) {
    if (!(options.capacity >= 1)) throw new RangeError(`event cache capacity must be >= 1, got ${options.capacity}`);
    this.capacity = options.capacity;
    this.categories = options.categories;
    this.rankedPrefix = options.rankedPrefix ?? 4096;
    this.index =
      options.index === 'rbush'
        ? new RBushPointIndex<EventEntry, CachedEvent>()
        : new PointGrid<EventEntry, CachedEvent>(new GridGeometry(options.area, options.cellSizeDeg));
    const geometry = this.index instanceof PointGrid ? this.index.geometry : null;
    this.spatialOrder = geometry === null ? null : (lng, lat) => geometry.row(lat) * geometry.cols + geometry.col(lng);
  }

  get size(): number {
    return this.live.length;
  }

  get evictedCount(): number {
    return this.evictions;
  }

  /** A frozen list with its columns attached (event-columns.ts). */
  getEventsInViewport(viewport: Viewport): readonly CachedEvent[] {
    const found = this.found;
    // The previous list's columns are this buffer: they get their own copy unless already released.
    this.lent?.keep();
    found.reset();
    this.index.search(viewport, found);
    const n = found.count;
    const events = found.values.slice(0, n);
    this.lent = new LentColumns(found.columns, n, this.audience, this.audience.epoch, viewport, found.stamp, this.index);
    attachColumns(events, this.lent);
    return Object.freeze(events);
  }

  /**
   * One shared list until the next change (many global-feed users read it between changes). The best
   * global-feed events come first, in rank order (event-columns.ts, rankedPrefix), so a global-feed
   * processing usually stops at its cap instead of ranking every event.
   */
  getAllEvents(): readonly CachedEvent[] {
    if (this.allEventsSnapshot === null) {
      const n = this.live.length;
      const numbers = this.liveNumbers;
      const ranks = new Float64Array(n);
      const uids = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        ranks[i] = numbers[NUMBERS * i]!;
        uids[i] = numbers[NUMBERS * i + 1]!;
      }
      const best = bestRankedPositions(ranks, uids, this.rankedPrefix);
      const placed = new Uint8Array(n);
      const events: CachedEvent[] = [];
      const data: number[] = [];
      const take = (position: number) => {
        events.push(this.liveValues[position]!);
        data.push(numbers[NUMBERS * position + 2]!, numbers[NUMBERS * position + 3]!);
      };
      for (const position of best) {
        placed[position] = 1;
        take(position);
      }
      for (let i = 0; i < n; i++) if (placed[i] === 0) take(i);
      attachColumns(events, { data, count: events.length, rankedPrefix: best.length, audience: this.audience, audienceEpoch: this.audience.epoch });
      this.allEventsSnapshot = Object.freeze(events);
    }
    return this.allEventsSnapshot;
  }

  get(id: string): CachedEvent | undefined {
    return this.byId.get(id)?.value;
  }

  /** The event a change refers to: by id, or the live event at a fraction of the live list. */
  resolve(ref: EventRef): CachedEvent | undefined {
    if ('id' in ref) return this.byId.get(ref.id)?.value;
    if (this.live.length === 0) return undefined;
    const position = Math.min(this.live.length - 1, Math.max(0, Math.floor(ref.pick * this.live.length)));
    return this.live[position]!.value;
  }

  /**
   * Adds a new event (version 1). Returns null when the id is already live. When the cache is full the
   * oldest event is evicted first and returned, so its viewers can be told.
   */
  insert(event: Omit<SimEvent, 'updatedAt' | 'version'>, atMs: number): { created: CachedEvent; evicted: CachedEvent | null } | null {
    if (this.byId.has(event.id)) return null;
    let evicted: CachedEvent | null = null;
    if (this.live.length >= this.capacity) {
      evicted = this.evictOldest();
    }
    const created = createCachedEvent(this.nextUid++, event, atMs, this.categories);
    this.add(new EventEntry(created));
    return { created, evicted };
  }

  /**
   * Adds many events at once (the initial population), in the grid's cell order: events numbered and
   * allocated in that order come out of a viewport query nearly sorted by uid and close together in
   * memory, which is what makes processing fast (diff.ts sorts them with little work). Returns how
   * many were added (ids already live are skipped; the capacity evicts as usual).
   */
  insertMany(events: readonly Omit<SimEvent, 'updatedAt' | 'version'>[], atMs: number): number {
    const order = this.spatialOrder;
    const sorted =
      order === null ? events : events.map((event) => ({ event, cell: order(event.location[0], event.location[1]) })).sort((a, b) => a.cell - b.cell).map((e) => e.event);
    let added = 0;
    for (const event of sorted) if (this.insert(event, atMs) !== null) added++;
    this.index.compact();
    return added;
  }

  update(id: string, patch: EventPatch, atMs: number): EventChangeResult | null {
    const entry = this.byId.get(id);
    if (entry === undefined) return null;
    const before = entry.value;
    entry.value = patchCachedEvent(before, patch, atMs, this.categories);
    this.reviewAudience(before, entry.value);
    this.index.refresh(entry);
    this.mirror(entry);
    this.allEventsSnapshot = null;
    return { before, after: entry.value };
  }

  move(id: string, location: LngLat, atMs: number): EventChangeResult | null {
    const entry = this.byId.get(id);
    if (entry === undefined) return null;
    if (!Number.isFinite(location[0]) || !Number.isFinite(location[1])) {
      throw new RangeError(`event ${id}: a location needs finite [lng, lat], got ${JSON.stringify(location)}`);
    }
    const before = entry.value;
    entry.value = moveCachedEvent(before, location, atMs, this.categories);
    this.reviewAudience(before, entry.value);
    this.index.move(entry, location[0], location[1]);
    this.mirror(entry);
    this.allEventsSnapshot = null;
    return { before, after: entry.value };
  }

  delete(id: string): CachedEvent | null {
    const entry = this.byId.get(id);
    if (entry === undefined) return null;
    this.detach(entry);
    return entry.value;
  }

  /** The maintenance job's bulk clear: empties the cache and returns what it held, oldest first. */
  clear(): CachedEvent[] {
    const removed: CachedEvent[] = [];
    for (let i = this.insertionHead; i < this.insertionOrder.length; i++) {
      const entry = this.insertionOrder[i]!;
      if (entry.liveIndex >= 0) removed.push(entry.value);
      entry.liveIndex = -1;
    }
    this.index.clear();
    this.audience.clear();
    this.byId.clear();
    this.live.length = 0;
    this.liveValues.length = 0;
    this.liveNumbers.length = 0;
    this.insertionOrder = [];
    this.insertionHead = 0;
    this.departedInOrder = 0;
    this.allEventsSnapshot = null;
    return removed;
  }

  /**
   * Puts snapshots back unchanged (same uid and version): the reload after a clear, which brings back
   * the same events from the database. Ids already live are skipped.
   */
  reload(events: readonly CachedEvent[]): void {
    const entries: EventEntry[] = [];
    for (const event of events) {
      if (this.byId.has(event.id) || this.live.length >= this.capacity) continue;
      const entry = new EventEntry(event);
      entry.liveIndex = this.live.length;
      this.byId.set(event.id, entry);
      this.live.push(entry);
      this.mirror(entry);
      this.audience.add(event);
      this.insertionOrder.push(entry);
      entries.push(entry);
      if (event.uid >= this.nextUid) this.nextUid = event.uid + 1;
    }
    this.index.load(entries);
    this.allEventsSnapshot = null;
  }

  /** The id of a uid, when the event is still live (reports name events by id). */
  idOfUid(uid: number): string | undefined {
    for (const entry of this.live) if (entry.value.uid === uid) return entry.value.id;
    return undefined;
  }

  /** Updates and moves keep an event's audience today; should a change ever alter it, re-index it. */
  private reviewAudience(before: CachedEvent, after: CachedEvent): void {
    if (before.isPrivate === after.isPrivate && before.creatorId === after.creatorId && before.sharedWith === after.sharedWith) return;
    this.audience.remove(before);
    this.audience.add(after);
  }

  /** Writes the entry's current snapshot into the arrays beside `live`. */
  private mirror(entry: EventEntry): void {
    const at = entry.liveIndex;
    const event = entry.value;
    this.liveValues[at] = event;
    this.liveNumbers[NUMBERS * at] = event.globalRank;
    this.liveNumbers[NUMBERS * at + 1] = event.uid;
    this.liveNumbers[NUMBERS * at + 2] = event.key;
    this.liveNumbers[NUMBERS * at + 3] = event.info;
  }

  private add(entry: EventEntry): void {
    entry.liveIndex = this.live.length;
    this.live.push(entry);
    this.mirror(entry);
    this.byId.set(entry.value.id, entry);
    this.audience.add(entry.value);
    this.insertionOrder.push(entry);
    this.index.insert(entry);
    this.allEventsSnapshot = null;
  }

  private detach(entry: EventEntry): void {
    this.index.remove(entry);
    this.audience.remove(entry.value);
    this.byId.delete(entry.value.id);
    const last = this.live.pop() as EventEntry;
    if (last !== entry) {
      this.live[entry.liveIndex] = last;
      last.liveIndex = entry.liveIndex;
      this.mirror(last);
    }
    this.liveValues.length = this.live.length;
    this.liveNumbers.length = NUMBERS * this.live.length;
    entry.liveIndex = -1;
    this.departedInOrder++;
    this.allEventsSnapshot = null;
    this.compactInsertionOrder();
  }

  private evictOldest(): CachedEvent | null {
    while (this.insertionHead < this.insertionOrder.length) {
      const entry = this.insertionOrder[this.insertionHead++]!;
      if (entry.liveIndex >= 0) {
        this.detach(entry);
        this.evictions++;
        return entry.value;
      }
    }
    return null;
  }

  private compactInsertionOrder(): void {
    if (this.departedInOrder > 1024 && this.departedInOrder * 2 > this.insertionOrder.length) {
      this.insertionOrder = this.insertionOrder.slice(this.insertionHead).filter((entry) => entry.liveIndex >= 0);
      this.insertionHead = 0;
      this.departedInOrder = 0;
    }
  }
}
