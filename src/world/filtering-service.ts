/**
 * The world's EventFilteringService: what one processing of a user costs and does.
 * 1. Redis round trips (client info and the like): awaited on the clock, the loop stays free.
 * 2. CPU: a base cost plus a cost per event considered, spent on the clock, so it blocks the loop.
 * 3. Filter, rank and cap; diff against what this user was last sent; send (or nothing: a no-op).
 * Last-sent state changes only after the transport accepted the message.
 */
import type { EventFilteringService, Viewport } from '../batcher/ports.js';
import { sleepOn, type Clock } from '../clock/clock.js';
import type { SeededRandom } from '../random/seeded-random.js';
import { MESSAGE_ENVELOPE_BYTES, type CachedEvent } from './cached-event.js';
import { Differ } from './diff.js';
import type { UserFilter } from './filter.js';
import { compileFilters } from './filter-predicate.js';
import type { LatencySampler } from './latency-sampler.js';
import type { PendingChanges } from './pending-changes.js';
import { resultCapFor, selectForUser } from './result-selection.js';
import type { CostSettings, FaultSettings, WorldSettings } from './settings.js';
import type { SimUser } from './sim-user.js';
import type { Transport } from './transport.js';
import type { UserRegistry } from './user-registry.js';
import { applyOps } from './view-state.js';
import type { WorldCounters } from './world-counters.js';

/** A removal message carries the id only. */
const REMOVAL_PAYLOAD_BYTES = 24;

export class FilteringFailedError extends Error {
  override readonly name = 'FilteringFailedError';
  constructor(readonly userId: string) {
    super(`filtering failed for ${userId} (simulated fault)`);
  }
}

export interface FilteringServiceOptions {
  clock: Clock;
  registry: UserRegistry;
  transport: Transport;
  costs: Pick<CostSettings, 'cpuPerProcessingMs' | 'cpuPerEventMs' | 'redisRoundTripsPerProcessing'>;
  /** Null when Redis latency is always zero: the round trips are counted but not awaited. */
  redisLatency: LatencySampler | null;
  faults: Pick<FaultSettings, 'filterErrorRate'>;
  resultCap: WorldSettings['resultCap'];
  random: SeededRandom;
  counters: WorldCounters;
  /**
   * The changes this processing makes visible. With a batcher observer, the ones covered when the
   * processing started; without one, everything pending now.
   */
  takeCoveredChanges: (user: SimUser) => PendingChanges | null;
  /** Gives changes back when the processing failed: they wait for the retry. */
  restoreChanges: (user: SimUser, changes: PendingChanges | null) => void;
}

export class WorldFilteringService implements EventFilteringService<CachedEvent, UserFilter> {
  private readonly differ = new Differ();
  private selected: CachedEvent[] = [];

  constructor(private readonly options: FilteringServiceOptions) {
    if (!(options.faults.filterErrorRate >= 0 && options.faults.filterErrorRate <= 1)) {
      throw new RangeError(`faults.filterErrorRate must be within 0..1, got ${options.faults.filterErrorRate}`);
    }
  }

  async calculateAndSendDiff(
    userId: string,
    events: readonly CachedEvent[],
    viewport: Viewport | null,
    filters: readonly UserFilter[],
  ): Promise<void> {
    const { clock, registry, costs, counters } = this.options;
    const user = registry.get(userId);
    const roundTrips = costs.redisRoundTripsPerProcessing;
    counters.redis.reads += roundTrips;
    if (this.options.redisLatency !== null) {
      for (let i = 0; i < roundTrips; i++) await sleepOn(clock, this.options.redisLatency());
    }
    if (user === undefined || registry.get(userId) !== user) {
      counters.sendsToDisconnected++;
      return;
    }
    const cpuMs = costs.cpuPerProcessingMs + costs.cpuPerEventMs * events.length;
    if (cpuMs > 0) clock.spendCpu(cpuMs);
    const changes = this.options.takeCoveredChanges(user);
    try {
      this.diffAndSend(user, events, viewport, filters, changes);
    } catch (error) {
      this.options.restoreChanges(user, changes);
      throw error;
    }
  }

  private diffAndSend(
    user: SimUser,
    events: readonly CachedEvent[],
    viewport: Viewport | null,
    filters: readonly UserFilter[],
    changes: PendingChanges | null,
  ): void {
    const { counters, faults, random } = this.options;
    if (faults.filterErrorRate > 0 && random.chance(faults.filterErrorRate)) {
      counters.filterErrors++;
      throw new FilteringFailedError(user.id);
    }
    // The filters the batcher read; the user's compiled predicate when they are the same list.
    const predicate = filters === user.filters ? user.predicate : compileFilters(filters);
    if (this.selected.length < events.length) this.selected = new Array<CachedEvent>(events.length);
    const selected = this.selected;
    const count = selectForUser(user.id, events, viewport, predicate, resultCapFor(viewport, this.options.resultCap), selected);
    counters.diffs++;
    const lastSent = user.lastSent;
    const diff = this.differ.classify(lastSent, selected, count);
    if (diff.kind === 'noop') {
      counters.noOpDiffs++;
      if (changes !== null) user.client.settleReflected(changes, this.options.clock.now());
      return;
    }
    let payload: Float64Array;
    let serverState: Float64Array;
    let messageCount: number;
    let bytes: number;
    if (diff.kind === 'full' || lastSent === null) {
      serverState = this.differ.fullState(selected, count);
      payload = serverState;
      messageCount = 1;
      bytes = MESSAGE_ENVELOPE_BYTES;
      for (let i = 0; i < count; i++) bytes += selected[i]!.payloadBytes;
    } else {
      payload = this.differ.ops(lastSent, selected, count);
      serverState = applyOps(lastSent, payload);
      messageCount = diff.adds + diff.updates + diff.removes;
      bytes = messageCount * MESSAGE_ENVELOPE_BYTES + diff.upsertPayloadBytes + diff.removes * REMOVAL_PAYLOAD_BYTES;
    }
    counters.redis.publishes += messageCount;
    this.options.transport.send(user.client, { kind: diff.kind === 'ops' && lastSent !== null ? 'ops' : 'full', payload, serverState, messageCount, bytes, changes });
    user.lastSent = serverState;
    if (diff.kind === 'full') counters.fullSends++;
    else counters.opSends++;
  }
}
