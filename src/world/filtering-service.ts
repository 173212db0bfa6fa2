/**
 * The world's EventFilteringService: what one processing of a user costs and does.
 * 1. Redis round trips (client info and the like): awaited on the clock, the loop stays free.
 * 2. CPU: a base cost plus a cost per event considered, spent on the clock, so it blocks the loop.
 * 3. Filter, rank and cap; diff against what this user was last sent; send (or nothing: a no-op).
 * Last-sent state changes only after the transport accepted the message.
 *
 * The simulator's own cost matters too (hundreds of thousands of processings per wall second): the
 * filter and diff work on the list's columns (event-columns.ts) and touch an event object only when
 * the tag cannot decide (a date or circle filter; a private event whose audience the cache's index
 * cannot vouch for) or the event is being sent. A processing whose list holds the same events in the
 * same box, with the same filters, as the selection that last matched what the user holds, is a no-op
 * without selecting (SimUser.noOpBox); other no-ops end after one pass over the last-sent view.
 */
import type { EventFilteringService, Viewport } from '../batcher/ports.js';
import { sleepOn, type Clock } from '../clock/clock.js';
import type { SeededRandom } from '../random/seeded-random.js';
import { MESSAGE_ENVELOPE_BYTES, type CachedEvent } from './cached-event.js';
import { Differ, sortKeysWithIndex } from './diff.js';
import { columnsOf, releaseColumns, type EventColumns } from './event-columns.js';
import { payloadOf, PRIVATE_BIT, type CategoryRegistry } from './event-tags.js';
import type { UserFilter } from './filter.js';
import { compileFilters, isVisibleTo, type CompiledFilters } from './filter-predicate.js';
import type { LatencySampler } from './latency-sampler.js';
import type { PendingChanges } from './pending-changes.js';
import { keepBestRankedIndices } from './ranking.js';
import { resultCapFor } from './result-selection.js';
import { uidOf, viewEquals } from './view-state.js';
import type { CostSettings, FaultSettings, WorldSettings } from './settings.js';
import type { SimUser } from './sim-user.js';
import type { OutgoingMessage, Transport } from './transport.js';
import type { UserRegistry } from './user-registry.js';
import type { WorldCounters } from './world-counters.js';

const NO_COLUMNS: readonly number[] = Object.freeze([]);

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
  categories: CategoryRegistry;
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
  /** The selected events' keys, and their indices in the event list. */
  private readonly keys: number[] = [];
  private index = new Int32Array(256);

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
      releaseColumns(events);
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
    } finally {
      this.columns = NO_COLUMNS;
      releaseColumns(events);
    }
  }

  /**
   * Whether this list holds the same events as the one the user's no-op basis was selected from: the
   * same stamp, or a later one with nothing changed inside the box since (changes elsewhere in the
   * cells it read do not matter). A list older than the basis is never taken for it.
   */
  private sameEventsInBox(user: SimUser, columns: EventColumns, box: Viewport): boolean {
    const stamp = columns.stamp!;
    if (stamp === user.noOpStamp) return true;
    return stamp > user.noOpStamp && columns.region !== undefined && columns.region.unchangedInside(box, user.noOpStamp);
  }

  /** The list's columns, as select() last read them (for payload sizes at send time). */
  private columns: readonly number[] = NO_COLUMNS;

  /** Fills keys/index with the events this user should see (sorted by key) and returns how many. */
  private select(user: SimUser, events: readonly CachedEvent[], columns: EventColumns, viewport: Viewport | null, compiled: CompiledFilters): number {
    const data = columns.data;
    const rankedPrefix = columns.rankedPrefix;
    this.columns = data;
    const cap = resultCapFor(viewport, this.options.resultCap);
    // In a list whose prefix is in global-feed order, the first `cap` that pass there are the best.
    const ranked = viewport === null && rankedPrefix !== undefined ? rankedPrefix : 0;
    if (this.index.length < events.length) this.index = new Int32Array(Math.max(events.length, this.index.length * 2));
    const keys = this.keys;
    const index = this.index;
    const masks = compiled.tagMasks;
    const maskCount = masks.length;
    const residual = compiled.residual;
    const userId = user.id;
    // Private events: the cache's audience index answers while no private event left since the
    // query; otherwise (or for a list from elsewhere) the event objects do.
    const audience = columns.audience !== undefined && columns.audienceEpoch === columns.audience.epoch ? columns.audience : null;
    let visible: ReadonlySet<number> | undefined | null = null;
    let n = 0;
    let inPrefix = 0;
    outer: for (let i = 0; i < events.length; i++) {
      // The info's low bits are the tag; `&` reads only those.
      const tag = data[2 * i + 1]!;
      if ((tag & PRIVATE_BIT) !== 0) {
        if (audience === null) {
          if (!isVisibleTo(events[i]!, userId)) continue;
        } else {
          if (visible === null) visible = audience.visibleTo(userId);
          if (visible === undefined || !visible.has(uidOf(data[2 * i]!))) continue;
        }
      }
      for (let m = 0; m < maskCount; m++) if ((tag & masks[m]!) === 0) continue outer;
      if (residual !== null && !residual(events[i]!)) continue;
      keys[n] = data[2 * i]!;
      index[n++] = i;
      if (i < ranked) {
        inPrefix = n;
        if (n === cap) break;
      }
    }
    if (n > cap) {
      // Those from the ranked prefix beat all the others: rank only the rest, for the places left.
      n = inPrefix + keepBestRankedIndices(events, index.subarray(inPrefix, n), n - inPrefix, cap - inPrefix, viewport);
      for (let k = 0; k < n; k++) keys[k] = data[2 * index[k]!]!;
    }
    sortKeysWithIndex(keys, index, n);
    return n;
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
    // The filters the batcher read; the user's compiled form when they are the same list.
    const compiled = filters === user.filters ? user.compiled : compileFilters(filters, this.options.categories);
    const columns = columnsOf(events);
    // What this selection is made from, when it can be recognised later (see SimUser.noOpBox).
    const basis = viewport !== null && columns.box === viewport && columns.stamp !== undefined && filters === user.filters ? viewport : null;
    const lastSent = user.lastSent;
    if (basis !== null && lastSent !== null && user.noOpBox === basis && user.noOpFilters === compiled && this.sameEventsInBox(user, columns, basis)) {
      // The same events, box and filters as a selection that matched what was last sent: a no-op.
      user.noOpStamp = columns.stamp!;
      counters.diffs++;
      counters.noOpDiffs++;
      if (changes !== null) user.client.settleReflected(changes, this.options.clock.now());
      return;
    }
    const n = this.select(user, events, columns, viewport, compiled);
    counters.diffs++;
    const differ = this.differ;
    // Most processings change nothing: one pass over the last-sent view tells, before any merge.
    if (lastSent !== null && viewEquals(lastSent, this.keys, n)) {
      counters.noOpDiffs++;
      rememberNoOpBasis(user, basis, columns.stamp, compiled);
      if (changes !== null) user.client.settleReflected(changes, this.options.clock.now());
      return;
    }
    const diff = differ.compare(lastSent, this.keys, this.index, n);
    if (diff.kind === 'noop') throw new Error(`Differ: a merge found no change between two different views (user ${user.id})`);
    const serverState = differ.comparedState();
    let message: OutgoingMessage;
    let messageCount: number;
    if (diff.kind === 'full') {
      messageCount = 1;
      let bytes = MESSAGE_ENVELOPE_BYTES;
      for (let k = 0; k < n; k++) bytes += payloadOf(this.columns[2 * this.index[k]! + 1]!);
      message = { kind: 'full', payload: serverState, serverState, messageCount, bytes, changes };
    } else {
      messageCount = differ.opCount;
      let bytes = messageCount * MESSAGE_ENVELOPE_BYTES + diff.removes * REMOVAL_PAYLOAD_BYTES;
      for (let k = 0; k < differ.opCount; k++) {
        const at = differ.opEvents[k]!;
        if (at >= 0) bytes += payloadOf(this.columns[2 * at + 1]!);
      }
      message = { kind: 'ops', payload: differ.opsPayload(), serverState, messageCount, bytes, changes };
    }
    counters.redis.publishes += messageCount;
    this.options.transport.send(user.client, message);
    user.lastSent = serverState;
    rememberNoOpBasis(user, basis, columns.stamp, compiled);
    if (diff.kind === 'full') counters.fullSends++;
    else counters.opSends++;
  }
}

/** The user's last-sent state is the selection made from this basis (null: from nothing recognisable). */
function rememberNoOpBasis(user: SimUser, basis: Viewport | null, stamp: number | undefined, compiled: CompiledFilters): void {
  user.noOpBox = basis;
  user.noOpStamp = basis === null || stamp === undefined ? 0 : stamp;
  user.noOpFilters = basis === null ? null : compiled;
}
