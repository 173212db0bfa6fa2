/**
 * The simulated world behind the batcher's three ports: users, the event cache, the affected-user
 * lookup, filtering and diffs, the transport, the clients, and the Redis-like command counts.
 *
 * Wiring (src/engine/run-scenario.ts does this):
 *   const recorder = new MetricsRecorder({ clock, sampleIntervalMs, stalenessThresholdMs });
 *   const world = new World({ clock, settings, random, latencySink: recorder });
 *   const batcher = createBatcher(strategy, { clock, ...world.ports,
 *     observer: combineObservers(world.batcherObserver, recorder.batcherObserver) }, config);
 *   world.attachBatcher(batcher);  recorder.attach({ ... });  batcher.start();  world.populate();
 *   ...world.applyChange(change) at change.atMs...
 *   let deferred marks land, stop the batcher (it flushes), run the clock until
 *   world.pendingWork() shows nothing in flight, then world.checkConsistency().
 *
 * A change at time t is applied synchronously; the affected users are marked with timestamp t and
 * the change is remembered per user until a message that reflects it reaches the client. Per-change
 * latency is measured from t (so it includes any event-loop lag before the change was applied).
 * A processing covers the changes applied before the batcher reported its start (onProcessingStart);
 * a send delivers them at its arrival, a no-op at its end (or with the message still in flight), a
 * failure gives them back for the retry.
 */
import type {
  BatcherObserver,
  EventCacheService,
  EventFilteringService,
  MarkOptions,
  MarkReason,
  ProcessingRecord,
  ProcessingStart,
  UserStateService,
} from '../batcher/ports.js';
import type { Clock } from '../clock/clock.js';
import type { ConsistencyReport, RedisCommandCounts } from '../metrics/summary.js';
import type { SeededRandom } from '../random/seeded-random.js';
import { ViewportAffectedUsers, type AffectedUserFinder } from './affected-users.js';
import type { CachedEvent } from './cached-event.js';
import type { Change } from './change.js';
import { checkConsistency, type ConsistencyOptions } from './consistency.js';
import { EventCache } from './event-cache.js';
import { CategoryRegistry } from './event-tags.js';
import type { LngLat } from './event.js';
import type { UserFilter } from './filter.js';
import { WorldFilteringService } from './filtering-service.js';
import { DISCARD_LATENCIES, type ChangeLatencySink } from './latency-sink.js';
import { isAlwaysZero, latencySampler, type LatencySampler } from './latency-sampler.js';
import { PendingChanges, REASON_INDEX } from './pending-changes.js';
import { drawInitialEvents, drawInitialUsers } from './population.js';
import type { SimulationSettings } from './settings.js';
import type { SimUser } from './sim-user.js';
import type { ClientTraffic } from './simulated-client.js';
import type { SpatialIndexKind } from './spatial/spatial-index.js';
import { SimulatedTransport, type Transport, type TransportOptions } from './transport.js';
import { UserRegistry } from './user-registry.js';
import { newWorldCounters, type WorldCounters } from './world-counters.js';

/** What the world needs of a batcher: to mark users and to forget disconnected ones. */
export interface WorldBatcher {
  markUserAsDirty(userId: string, options: MarkOptions): unknown;
  removeUser(userId: string): unknown;
}

export interface WorldOptions {
  clock: Clock;
  settings: SimulationSettings;
  /** The run's generator; the world forks its own streams from it. */
  random: SeededRandom;
  /** Receives every per-change latency (the metrics recorder). */
  latencySink?: ChangeLatencySink;
  /** Spatial index for events and viewports. Default 'grid' (see test/bench/world-spatial-index.ts). */
  spatialIndex?: SpatialIndexKind;
  /** Test seam: a transport with a fault of its own. */
  createTransport?: (options: TransportOptions) => Transport;
  /** Test seam: an affected-user lookup with a fault of its own. */
  createAffectedUserFinder?: (registry: UserRegistry) => AffectedUserFinder;
}

export interface WorldStats extends Omit<WorldCounters, 'redis'> {
  connectedUsers: number;
  globalFeedUsers: number;
  liveEvents: number;
  messages: number;
  bytes: number;
  /** Sends the transport accepted (one per non-no-op processing that succeeded). */
  sends: number;
  failedSends: number;
  outageFailures: number;
  redis: RedisCommandCounts;
}

/** What still has to happen before the oracle can judge (the engine waits for all zeros). */
export interface PendingWork {
  /** Viewport changes whose Redis writes are still running: their marks are yet to come. */
  deferredMarks: number;
  /** Messages accepted by the transport that no client has applied yet. */
  messagesInFlight: number;
  /** Changes not yet visible on their client. */
  undeliveredChanges: number;
  usersWithUndeliveredChanges: number;
}

export class World {
  readonly clock: Clock;
  readonly settings: SimulationSettings;
  readonly users: UserRegistry;
  readonly events: EventCache;
  readonly transport: Transport;
  readonly filtering: WorldFilteringService;
  /** The three ports, ready to spread into a batcher's constructor argument. */
  readonly ports: {
    userStateService: UserStateService<UserFilter>;
    eventCacheService: EventCacheService<CachedEvent>;
    eventFilteringService: EventFilteringService<CachedEvent, UserFilter>;
  };
  /** Pass to the batcher (alone or combined): it tells the world which changes a processing covers. */
  readonly batcherObserver: BatcherObserver;

  private readonly counters: WorldCounters = newWorldCounters();
  private readonly random: SeededRandom;
  private readonly sink: ChangeLatencySink;
  private readonly affected: AffectedUserFinder;
  private readonly redisLatency: LatencySampler | null;
  private batcher: WorldBatcher | null = null;
  /** Set once the batcher reports a processing start; until then a processing covers all pending. */
  private observed = false;
  private deferredMarks = 0;
  private readonly traffic: ClientTraffic = { inFlight: 0 };
  /** Users that may have undelivered changes (cleaned lazily when scanned). */
  private readonly undelivered = new Set<SimUser>();

  constructor(options: WorldOptions) {
    const { clock, settings, random } = options;
    this.clock = clock;
    this.settings = settings;
    this.random = random;
    this.sink = options.latencySink ?? DISCARD_LATENCIES;
    const kind = options.spatialIndex ?? 'grid';
    const world = settings.world;
    const typicalViewportDeg = Math.max(1e-6, (world.users.viewportSizeDeg.min + world.users.viewportSizeDeg.max) / 2);
    // Categories the settings name get their bits first, so a realistic world never runs out of them.
    const categories = new CategoryRegistry();
    for (const category of world.events.categories) categories.bitOf(category);
    this.events = new EventCache({
      area: world.area,
      capacity: world.events.capacity,
      index: kind,
      cellSizeDeg: typicalViewportDeg / 2,
      categories,
      // Enough ranked events that a filtered global-feed user usually finds its cap among them.
      rankedPrefix: Math.max(1024, 8 * world.resultCap.global),
    });
    this.users = new UserRegistry({ area: world.area, index: kind, cellSizeDeg: typicalViewportDeg, sink: this.sink, categories, traffic: this.traffic });
    this.affected = options.createAffectedUserFinder?.(this.users) ?? new ViewportAffectedUsers(this.users);
    const transportOptions: TransportOptions = {
      clock,
      latency: latencySampler(settings.costs.transportLatency, random.fork('transport-latency'), 'costs.transportLatency'),
      faults: settings.faults,
      random: random.fork('transport-faults'),
    };
    this.transport = options.createTransport?.(transportOptions) ?? new SimulatedTransport(transportOptions);
    this.redisLatency = isAlwaysZero(settings.costs.redisLatency)
      ? null
      : latencySampler(settings.costs.redisLatency, random.fork('redis-latency'), 'costs.redisLatency');
    if (!(settings.costs.redisRoundTripsPerProcessing >= 0) || !(settings.costs.viewportWritesPerChange >= 0)) {
      throw new RangeError('costs.redisRoundTripsPerProcessing and costs.viewportWritesPerChange must be >= 0');
    }
    if (!(settings.costs.cpuPerProcessingMs >= 0) || !(settings.costs.cpuPerEventMs >= 0)) {
      throw new RangeError('costs.cpuPerProcessingMs and costs.cpuPerEventMs must be >= 0');
    }
    this.filtering = new WorldFilteringService({
      clock,
      registry: this.users,
      transport: this.transport,
      costs: settings.costs,
      redisLatency: this.redisLatency,
      faults: settings.faults,
      resultCap: world.resultCap,
      categories,
      random: random.fork('filter-faults'),
      counters: this.counters,
      takeCoveredChanges: (user) => this.takeCoveredChanges(user),
      restoreChanges: (user, changes) => this.restoreChanges(user, changes),
    });
    this.ports = { userStateService: this.users, eventCacheService: this.events, eventFilteringService: this.filtering };
    this.batcherObserver = {
      onProcessingStart: (start) => this.onProcessingStart(start),
      onProcessingEnd: (record) => this.onProcessingEnd(record),
    };
  }

  attachBatcher(batcher: WorldBatcher): void {
    this.batcher = batcher;
  }

  /**
   * The initial world: `settings.world.events.count` events in the cache, then
   * `settings.world.users.count` users connected now, each marked with `initial_request`.
   */
  populate(): void {
    const world = this.settings.world;
    const now = this.clock.now();
    const events = drawInitialEvents(world, this.random.fork('initial-events'));
    this.counters.eventsCreated += this.events.insertMany(events, now);
    for (const user of drawInitialUsers(world, this.random.fork('initial-users'))) {
      this.applyChange({ type: 'connect', atMs: now, userId: user.userId, viewport: user.viewport, filters: user.filters });
    }
  }

  /**
   * Applies one change now. A change that refers to something absent (an unknown user or event, a
   * connect of a connected user) is counted as ignored, not thrown: workloads are random.
   */
  applyChange(change: Change): void {
    if (this.apply(change)) this.counters.changesApplied++;
    else this.counters.changesIgnored++;
  }

  private apply(change: Change): boolean {
    // A change cannot have happened in the future; it can have waited for a busy loop (counted).
    const t = Math.min(change.atMs, this.clock.now());
    switch (change.type) {
      case 'connect': {
        const user = this.users.connect(change.userId, change.viewport, change.filters, this.clock.now());
        if (user === null) return false;
        this.counters.usersConnected++;
        this.markUser(user, 'initial_request', t, undefined);
        return true;
      }
      case 'disconnect': {
        const user = this.users.disconnect(change.userId);
        if (user === null) return false;
        this.counters.usersDisconnected++;
        this.counters.deliveriesDropped += user.client.disconnect();
        user.pending = null;
        user.covered = null;
        this.undelivered.delete(user);
        this.batcher?.removeUser(change.userId);
        return true;
      }
      case 'viewport': {
        const user = this.users.get(change.userId);
        if (user === undefined) return false;
        this.users.setViewport(user, change.viewport);
        this.changeViewport(user, t);
        return true;
      }
      case 'filter': {
        const user = this.users.get(change.userId);
        if (user === undefined) return false;
        this.users.setFilters(user, change.filters);
        this.markUser(user, 'filter_change', t, undefined);
        return true;
      }
      case 'event-create': {
        const result = this.events.insert(change.event, t);
        if (result === null) return false;
        this.counters.eventsCreated++;
        if (result.evicted !== null) {
          this.counters.eventsEvicted++;
          this.markAffected(result.evicted.location, null, t, result.evicted.id);
        }
        this.markAffected(null, result.created.location, t, result.created.id);
        return true;
      }
      case 'event-update': {
        const id = this.events.resolve(change.event)?.id;
        const result = id === undefined ? null : this.events.update(id, change.patch, t);
        if (result === null || result.after === null) return false;
        this.counters.eventsUpdated++;
        this.markAffected(null, result.after.location, t, result.after.id);
        return true;
      }
      case 'event-move': {
        const id = this.events.resolve(change.event)?.id;
        const result = id === undefined ? null : this.events.move(id, change.location, t);
        if (result === null || result.before === null || result.after === null) return false;
        this.counters.eventsMoved++;
        this.markAffected(result.before.location, result.after.location, t, result.after.id);
        return true;
      }
      case 'event-delete': {
        const id = this.events.resolve(change.event)?.id;
        const removed = id === undefined ? null : this.events.delete(id);
        if (removed === null) return false;
        this.counters.eventsDeleted++;
        this.markAffected(removed.location, null, t, removed.id);
        return true;
      }
      case 'cache-reload': {
        this.events.reload(this.events.clear());
        this.counters.cacheReloads++;
        const options: MarkOptions = { reason: 'event_update', timestamp: t };
        for (const user of this.users.values()) this.markWith(user, REASON_INDEX.event_update, t, options);
        return true;
      }
    }
  }

  checkConsistency(options?: ConsistencyOptions): ConsistencyReport {
    return checkConsistency(this.users, this.events, this.settings.world.resultCap, options);
  }

  /** Connected clients whose oldest change not yet visible is more than `thresholdMs` old. */
  countStaleClients(nowMs: number, thresholdMs: number): number {
    let stale = 0;
    for (const user of this.undelivered) {
      const oldest = user.oldestUndeliveredMs();
      if (oldest === Number.POSITIVE_INFINITY) this.undelivered.delete(user);
      else if (nowMs - oldest > thresholdMs) stale++;
    }
    return stale;
  }

  /** Cheap for deferred marks and messages (counters); the change counts walk the users that have any. */
  pendingWork(): PendingWork {
    let undeliveredChanges = 0;
    let usersWithUndeliveredChanges = 0;
    for (const user of this.undelivered) {
      const count = user.undeliveredChangeCount();
      if (count === 0) continue;
      undeliveredChanges += count;
      usersWithUndeliveredChanges++;
    }
    return { deferredMarks: this.deferredMarks, messagesInFlight: this.traffic.inFlight, undeliveredChanges, usersWithUndeliveredChanges };
  }

  getStats(): WorldStats {
    const c = this.counters;
    const t = this.transport.counters;
    const { redis, ...rest } = c;
    return {
      ...rest,
      connectedUsers: this.users.size,
      globalFeedUsers: this.users.globalFeedSize,
      liveEvents: this.events.size,
      messages: t.messages,
      bytes: t.bytes,
      sends: t.sends,
      failedSends: t.failedSends,
      outageFailures: t.outageFailures,
      redis: { ...redis, total: redis.viewportWrites + redis.affectedUserLookups + redis.reads + redis.publishes },
    };
  }

  private changeViewport(user: SimUser, t: number): void {
    const writes = this.settings.costs.viewportWritesPerChange;
    this.counters.redis.viewportWrites += writes;
    if (writes === 0 || this.redisLatency === null) {
      this.markUser(user, 'viewport_change', t, undefined);
      return;
    }
    // The server stores the viewport (sequential writes) before it marks the user. The change counts
    // from t; it is remembered now, so a processing that happens to run meanwhile still covers it.
    this.noteChange(user, REASON_INDEX.viewport_change, t);
    let delayMs = 0;
    for (let i = 0; i < writes; i++) delayMs += this.redisLatency();
    this.deferredMarks++;
    this.clock.setTimeout(() => {
      this.deferredMarks--;
      if (this.users.get(user.id) !== user) return;
      this.counters.marks++;
      this.batcher?.markUserAsDirty(user.id, { reason: 'viewport_change', timestamp: t });
    }, delayMs);
  }

  private markAffected(before: LngLat | null, after: LngLat | null, t: number, eventId: string): void {
    const options: MarkOptions = { reason: 'event_update', timestamp: t, eventId };
    const reasonIndex = REASON_INDEX.event_update;
    this.counters.redis.affectedUserLookups += this.affected.forEachAffected(before, after, (user) => {
      this.counters.affectedUserMarks++;
      this.markWith(user, reasonIndex, t, options);
    });
  }

  private markUser(user: SimUser, reason: MarkReason, t: number, eventId: string | undefined): void {
    const options: MarkOptions = eventId === undefined ? { reason, timestamp: t } : { reason, timestamp: t, eventId };
    this.markWith(user, REASON_INDEX[reason], t, options);
  }

  private markWith(user: SimUser, reasonIndex: number, t: number, options: MarkOptions): void {
    this.noteChange(user, reasonIndex, t);
    this.counters.marks++;
    if (this.batcher === null) throw new Error('World: attachBatcher() must be called before changes are applied');
    this.batcher.markUserAsDirty(user.id, options);
  }

  private noteChange(user: SimUser, reasonIndex: number, t: number): void {
    if (user.pending === null) user.pending = new PendingChanges();
    user.pending.note(reasonIndex, t);
    this.undelivered.add(user);
  }

  private onProcessingStart(start: ProcessingStart): void {
    this.counters.processingsStarted++;
    this.observed = true;
    const user = this.users.get(start.userId);
    if (user === undefined) return;
    if (user.processingsInFlight > 0) this.counters.overlappingProcessings++;
    user.processingsInFlight++;
    const pending = user.pending;
    if (pending === null || pending.count === 0) {
      if (user.covered === null) this.counters.processingsWithNothingPending++;
      return;
    }
    user.pending = null;
    if (user.covered === null) user.covered = pending;
    else user.covered.absorb(pending);
  }

  private onProcessingEnd(record: ProcessingRecord): void {
    const user = this.users.get(record.userId);
    if (user === undefined || user.processingsInFlight === 0) return;
    user.processingsInFlight--;
    // Covered changes that no send consumed (the processing failed before it computed) wait again.
    if (user.processingsInFlight === 0 && user.covered !== null) {
      const covered = user.covered;
      user.covered = null;
      this.restoreChanges(user, covered);
    }
  }

  private takeCoveredChanges(user: SimUser): PendingChanges | null {
    if (!this.observed) {
      const pending = user.pending;
      user.pending = null;
      return pending;
    }
    const covered = user.covered;
    user.covered = null;
    return covered;
  }

  private restoreChanges(user: SimUser, changes: PendingChanges | null): void {
    if (changes === null || changes.count === 0 || this.users.get(user.id) !== user) return;
    if (user.pending === null) user.pending = changes;
    else user.pending.absorb(changes);
    this.undelivered.add(user);
  }
}
