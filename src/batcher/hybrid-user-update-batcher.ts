/**
 * The hybrid real-time update batcher of the design note: a debounce window per user plus a
 * periodic sweeper, both feeding one processing path. Every strategy is this class configured
 * differently (see strategies.ts), so they share the processing path, the stats and the observer.
 *
 * Where it departs from the design note, to fix the defects of field-notes.md:
 * 1. A sweep works from a snapshot of the dirty users taken when its round starts and walks that
 *    list batch by batch, so no still-dirty user is skipped when the live set shrinks meanwhile.
 * 2. Before processing a listed user a sweep checks that it is still dirty (a user processed by its
 *    own timer meanwhile is not processed again) and never starts a second processing of a user in
 *    flight: it waits for that flight, then processes the user only if it was marked during it.
 * 3. Sweeps never overlap: a tick while a sweep runs is counted as skipped and makes the running
 *    sweep run one more round over what is dirty then. Debounce activity never delays a sweep.
 * 4. A failed processing puts its marks back (oldest mark time and reasons kept), counts the error
 *    and retries after debounceTimeoutMs or at the next sweep, whichever comes first.
 * 5. stop() flushes every dirty user and waits for all work in flight.
 * 6. removeUser cancels the user's deadline and pending marks.
 * 7. With batching disabled, at most maxConcurrentProcessing processings run at once; the rest
 *    wait in a FIFO (a user waits there once, however often it is marked).
 * A mark made while its user is in flight is not covered by that processing: the user is processed
 * again afterwards. Nothing is processed before start(); marks made while stopped are kept and
 * their windows start at start(). A processing that fails during stop() is retried, spaced by
 * debounceTimeoutMs, for up to 20 flush rounds; a user whose processing still fails stays dirty
 * (counted, no timer) for the next start().
 */
import type { Clock, TimerHandle } from '../clock/clock.js';
import { sleepOn, yieldOn } from '../clock/clock.js';
import { resolveBatcherConfig } from './config.js';
import type { HybridUserUpdateBatcherConfig, ResolvedBatcherConfig } from './config.js';
import type { DeadlineSchedule } from './deadline-schedule.js';
import { PerUserTimers } from './per-user-timers.js';
import type {
  BatcherObserver,
  EventCacheService,
  EventFilteringService,
  MarkOptions,
  ProcessingRecord,
  ProcessingStart,
  ProcessingTrigger,
  UserStateService,
} from './ports.js';
import { MARK_REASONS } from './ports.js';
import { lodashCallOutcome, lodashTimerEndMs } from './max-wait.js';
import { addReason, mergeReasons, reasonIndex, reasonsOf } from './reason-set.js';
import { createBatcherStats } from './stats.js';
import type { BatcherStats } from './stats.js';
import { TimingWheel } from './timing-wheel.js';
import {
  DEBOUNCE_DEADLINE,
  DIRTY,
  DUE,
  FAILED,
  IN_FLIGHT,
  QUEUED,
  REMOVED_IN_FLIGHT,
  RETRY_ARMED,
  UserTable,
} from './user-table.js';
import type { UserUpdateBatcher } from './user-update-batcher.js';

export interface HybridUserUpdateBatcherDeps<TEvent = unknown, TFilter = unknown> {
  clock: Clock;
  userStateService: UserStateService<TFilter>;
  eventCacheService: EventCacheService<TEvent>;
  eventFilteringService: EventFilteringService<TEvent, TFilter>;
  observer?: BatcherObserver;
}

/** What a sweep round, a forced batch or the final flush of stop() is run for. */
type PassTrigger = 'sweep' | 'force' | 'stop';

const PASS_PRIORITY: Record<PassTrigger, number> = { sweep: 0, force: 1, stop: 2 };

/** How many flush rounds stop() makes while processings keep failing, before it gives up. */
const STOP_FLUSH_ROUNDS = 20;

function requireMethods(owner: string, value: unknown, methods: readonly string[]): void {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`the batcher needs ${owner}, got ${value === null ? 'null' : typeof value}`);
  }
  for (const method of methods) {
    if (typeof (value as Record<string, unknown>)[method] !== 'function') {
      throw new TypeError(`the batcher's ${owner} has no ${method}() method`);
    }
  }
}

/** Observer hooks must not throw; if one does, that is a bug to surface, not a reason to corrupt state. */
function reportObserverError(error: unknown): void {
  void Promise.reject(error);
}

export class HybridUserUpdateBatcher<TEvent = unknown, TFilter = unknown> implements UserUpdateBatcher {
  readonly config: ResolvedBatcherConfig;

  private readonly clock: Clock;
  private readonly userStateService: UserStateService<TFilter>;
  private readonly eventCacheService: EventCacheService<TEvent>;
  private readonly eventFilteringService: EventFilteringService<TEvent, TFilter>;
  private readonly observer: BatcherObserver | undefined;

  private readonly users: UserTable;
  /** Debounce windows (capped by the max wait, if any) and retry delays: one deadline per user. */
  private readonly debounce: DeadlineSchedule;
  /** Debounce windows follow lodash's maxWait rules (see max-wait.ts). */
  private readonly withMaxWait: boolean;
  private readonly stats: BatcherStats = createBatcherStats();

  private running = false;
  private stopping: Promise<void> | null = null;
  private sweepTimer: TimerHandle | null = null;
  /** The sweep, forced batch or flush running now; never more than one. */
  private passInFlight: Promise<void> | null = null;
  /** A round requested while a pass ran; the running pass runs it next. */
  private passRerun: PassTrigger | null = null;

  /** With batching disabled: users waiting for a free processing place, FIFO. */
  private readyQueue: number[] = [];
  private readyHead = 0;

  /** Callers waiting for a user's processing to end (sweeps meeting a user in flight). */
  private readonly flightWaiters = new Map<number, (() => void)[]>();
  /** Callers waiting for no processing to be in flight. */
  private idleWaiters: (() => void)[] = [];

  constructor(deps: HybridUserUpdateBatcherDeps<TEvent, TFilter>, config: HybridUserUpdateBatcherConfig = {}) {
    if (typeof deps !== 'object' || deps === null) throw new TypeError('the batcher needs its dependencies object');
    requireMethods('clock', deps.clock, ['now', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate']);
    requireMethods('userStateService', deps.userStateService, ['getUserViewport', 'getUserFilters']);
    requireMethods('eventCacheService', deps.eventCacheService, ['getEventsInViewport', 'getAllEvents']);
    requireMethods('eventFilteringService', deps.eventFilteringService, ['calculateAndSendDiff']);
    if (deps.observer !== undefined && (typeof deps.observer !== 'object' || deps.observer === null)) {
      throw new TypeError('the batcher observer must be an object with optional onProcessingStart/onProcessingEnd');
    }
    this.config = resolveBatcherConfig(config);
    this.clock = deps.clock;
    this.userStateService = deps.userStateService;
    this.eventCacheService = deps.eventCacheService;
    this.eventFilteringService = deps.eventFilteringService;
    this.observer = deps.observer;

    this.users = new UserTable((capacity) => this.debounce.ensureCapacity(capacity));
    const onDue = (slot: number): void => this.onDeadline(slot);
    this.debounce =
      this.config.timerMode === 'wheel'
        ? new TimingWheel(this.clock, onDue, this.users.deadlineCells(DEBOUNCE_DEADLINE))
        : new PerUserTimers(this.clock, onDue, this.users.capacity);
    // A max wait caps debounce windows; without them (sweep, immediate) it has nothing to cap.
    this.withMaxWait =
      this.config.enableBatching && this.config.debounceEnabled && Number.isFinite(this.config.maxWaitMs);
  }

  isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.stopping !== null) {
      throw new Error('HybridUserUpdateBatcher.start() was called while stop() is still flushing; await stop() first');
    }
    if (this.running) return;
    this.running = true;
    const config = this.config;
    if (config.enableBatching && config.sweepEnabled) {
      this.sweepTimer = this.clock.setInterval(() => this.requestPass('sweep'), config.sweepIntervalMs);
    }
    // Users marked while stopped, or whose processing failed during the last flush, start their wait now.
    const now = this.clock.now();
    for (const slot of this.users.dirtySlots()) {
      const f = this.users.flags(slot);
      if ((f & IN_FLIGHT) !== 0) continue;
      if (!config.enableBatching) {
        if ((f & FAILED) !== 0) this.armRetry(slot, now);
        else this.offerImmediate(slot);
        continue;
      }
      // With a max wait, as if each of these users' bursts started now.
      if (this.withMaxWait) this.startMaxWaitBurst(slot, now);
      if ((f & FAILED) !== 0) this.armRetry(slot, now);
      else if (config.debounceEnabled) this.debounce.arm(slot, now + config.debounceTimeoutMs);
    }
  }

  stop(): Promise<void> {
    if (this.stopping === null) {
      this.stopping = this.shutdown().finally(() => {
        this.stopping = null;
      });
    }
    return this.stopping;
  }

  markUserAsDirty(userId: string, options: MarkOptions): void {
    if (typeof userId !== 'string' || userId.length === 0) {
      throw new TypeError(`markUserAsDirty(userId) takes a non-empty string, got ${describeValue(userId)}`);
    }
    const reason = reasonIndex(options?.reason);
    if (reason < 0) {
      throw new TypeError(
        `markUserAsDirty(${JSON.stringify(userId)}): reason must be one of ${MARK_REASONS.join(', ')}, got ${describeValue(options?.reason)}`,
      );
    }
    const now = this.clock.now();
    let timestamp = options.timestamp;
    if (timestamp === undefined) {
      timestamp = now;
    } else if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
      throw new TypeError(
        `markUserAsDirty(${JSON.stringify(userId)}): timestamp must be a finite number of ms, got ${describeValue(timestamp)}`,
      );
    }
    const users = this.users;
    const slot = users.acquire(userId);
    const config = this.config;
    this.stats.totalUsersMarkedDirty++;
    let f = users.flags(slot);
    if ((f & DIRTY) === 0) {
      users.becomeDirty(slot, f);
      f |= DIRTY;
      if (users.dirtyCount > this.stats.maxDirtyUsers) this.stats.maxDirtyUsers = users.dirtyCount;
      users.setPending(slot, timestamp, timestamp, 1, addReason(0, reason));
    } else {
      users.addPending(slot, timestamp, addReason(users.reasons(slot), reason));
    }
    if (!this.running) return;
    if (config.enableBatching) {
      if (config.debounceEnabled) {
        // A fresh mark restarts the window, replacing a pending retry delay.
        if ((f & RETRY_ARMED) !== 0) users.setFlags(slot, f & ~RETRY_ARMED);
        if (this.withMaxWait) this.markWithMaxWait(slot, now);
        else this.debounce.arm(slot, now + config.debounceTimeoutMs);
      }
      return;
    }
    if ((f & RETRY_ARMED) !== 0) users.setFlags(slot, f & ~RETRY_ARMED);
    if ((f & (IN_FLIGHT | QUEUED)) === 0) this.offerImmediate(slot);
  }

  forceProcessBatch(): Promise<void> {
    return this.requestPass('force');
  }

  removeUser(userId: string): boolean {
    const users = this.users;
    const slot = users.slotOf(userId);
    if (slot === undefined) return false;
    const f = users.flags(slot);
    if ((f & DIRTY) !== 0) users.becomeClean(slot, f);
    this.debounce.disarm(slot);
    users.setPending(slot, 0, 0, 0, 0);
    if ((f & IN_FLIGHT) !== 0) {
      // The processing cannot be recalled; its end frees the slot unless the user is marked again.
      users.setFlags(slot, IN_FLIGHT | REMOVED_IN_FLIGHT);
    } else {
      users.release(slot);
      this.wakeFlightWaiters(slot);
    }
    return true;
  }

  getStats(): BatcherStats {
    return {
      ...this.stats,
      currentDirtyUsers: this.users.dirtyCount,
      currentActiveTimers: this.debounce.armedCount,
      maxActiveTimers: this.debounce.maxArmedCount,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Deadlines


  /** A mark under a max wait: the user's deadline is when lodash's debounce would invoke. */
  private markWithMaxWait(slot: number, now: number): void {
    const users = this.users;
    const { debounceTimeoutMs: waitMs, maxWaitMs } = this.config;
    const lastMarkMs = users.lastMarkClockMs(slot);
    let lastInvokeMs = users.maxWaitLastInvokeMs(slot);
    let firstCheckMs = users.maxWaitFirstCheckMs(slot);
    const outcome = lodashCallOutcome(now, lastMarkMs, lastInvokeMs, firstCheckMs, waitMs, maxWaitMs);
    users.setLastMarkClockMs(slot, now);
    switch (outcome) {
      case 'invoke-now':
        this.processAtMaxWait(slot, now);
        return;
      case 'leading-edge':
        lastInvokeMs = now;
        users.setMaxWaitLastInvokeMs(slot, now);
        firstCheckMs = now + waitMs;
        users.setMaxWaitFirstCheckMs(slot, firstCheckMs);
        break;
      case 'start-timer':
        firstCheckMs = now + waitMs;
        users.setMaxWaitFirstCheckMs(slot, firstCheckMs);
        break;
      case 'join':
        break;
    }
    this.debounce.arm(slot, lodashTimerEndMs(now, lastInvokeMs, firstCheckMs, waitMs, maxWaitMs));
  }

  /** The max wait ended between two checks of lodash's timer: lodash invokes during the call. */
  private processAtMaxWait(slot: number, now: number): void {
    const f = this.users.flags(slot);
    if ((f & IN_FLIGHT) !== 0) {
      this.debounce.disarm(slot);
      this.users.setFlags(slot, f | DUE);
      return;
    }
    void this.process(slot, 'debounce');
    // lodash's timer goes on, `wait` from this call.
    this.users.setMaxWaitFirstCheckMs(slot, now + this.config.debounceTimeoutMs);
  }

  /** lodash's state as if a burst started now (after a restart or a failed processing). */
  private startMaxWaitBurst(slot: number, now: number): void {
    this.users.setLastMarkClockMs(slot, now);
    this.users.setMaxWaitLastInvokeMs(slot, now);
    this.users.setMaxWaitFirstCheckMs(slot, now + this.config.debounceTimeoutMs);
  }

  private armRetry(slot: number, now: number): void {
    this.users.setFlags(slot, this.users.flags(slot) | RETRY_ARMED);
    this.debounce.arm(slot, now + this.config.debounceTimeoutMs);
  }

  /** A debounce window (or max wait) or a retry delay ended. */
  private onDeadline(slot: number): void {
    const f = this.users.flags(slot);
    if ((f & DIRTY) === 0) return;
    if ((f & IN_FLIGHT) !== 0) {
      this.users.setFlags(slot, f | DUE);
      return;
    }
    if (!this.config.enableBatching) {
      if ((f & QUEUED) === 0) this.offerImmediate(slot);
      return;
    }
    void this.process(slot, (f & RETRY_ARMED) !== 0 ? 'retry' : 'debounce');
  }

  // ---------------------------------------------------------------------------------------------
  // Batching disabled: bounded concurrency

  /** Starts the user's processing if a place is free and nobody waits before it, else queues it. */
  private offerImmediate(slot: number): void {
    if (this.stats.currentInFlight < this.config.maxConcurrentProcessing && this.readyHead === this.readyQueue.length) {
      void this.process(slot, (this.users.flags(slot) & RETRY_ARMED) !== 0 ? 'retry' : 'immediate');
      return;
    }
    this.users.setFlags(slot, this.users.flags(slot) | QUEUED);
    this.readyQueue.push(slot);
    this.pumpReadyQueue();
  }

  private pumpReadyQueue(): void {
    const queue = this.readyQueue;
    const users = this.users;
    while (this.stats.currentInFlight < this.config.maxConcurrentProcessing && this.readyHead < queue.length) {
      const slot = queue[this.readyHead++]!;
      const f = users.flags(slot);
      // Entries whose user was processed, removed or re-queued meanwhile are stale.
      if ((f & QUEUED) === 0) continue;
      users.setFlags(slot, f & ~QUEUED);
      if ((f & (DIRTY | IN_FLIGHT)) === DIRTY) void this.process(slot, (f & RETRY_ARMED) !== 0 ? 'retry' : 'immediate');
    }
    if (this.readyHead === queue.length) {
      this.readyQueue = [];
      this.readyHead = 0;
    } else if (this.readyHead > 1024 && this.readyHead * 2 > queue.length) {
      this.readyQueue = queue.slice(this.readyHead);
      this.readyHead = 0;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The one processing path

  /** Precondition: the user is dirty and not in flight. Never rejects (errors are outcomes). */
  private process(slot: number, trigger: ProcessingTrigger): Promise<void> {
    const users = this.users;
    const userId = users.ids[slot]!;
    const f = users.flags(slot);
    const firstMarkAtMs = users.firstMarkAtMs(slot);
    const lastMarkAtMs = users.lastMarkAtMs(slot);
    const markCount = users.markCount(slot);
    const reasons = users.reasons(slot);
    // 1. Remove from the dirty set. 2. Cancel the user's deadlines.
    users.becomeClean(slot, (f & QUEUED) | IN_FLIGHT);
    this.debounce.disarm(slot);
    const stats = this.stats;
    stats.currentInFlight++;
    if ((f & FAILED) !== 0) stats.totalRetries++;
    if (trigger === 'debounce' || trigger === 'retry') stats.totalDebounceTimersFired++;
    // Reading a real clock costs; without an observer or a max wait nobody needs the start time.
    const onStart = this.observer?.onProcessingStart;
    const startedAtMs = this.observer !== undefined || this.withMaxWait ? this.clock.now() : Number.NaN;
    if (this.withMaxWait) {
      // lodash's invoke: the last invoke time moves, and its timer ends (a trailing edge, or flush()).
      users.setMaxWaitLastInvokeMs(slot, startedAtMs);
      users.setMaxWaitFirstCheckMs(slot, Number.NaN);
    }
    if (onStart !== undefined) {
      const start: ProcessingStart = {
        userId,
        trigger,
        firstMarkAtMs,
        lastMarkAtMs,
        markCount,
        reasons: reasonsOf(reasons),
        startedAtMs,
      };
      try {
        onStart.call(this.observer, start);
      } catch (error) {
        reportObserverError(error);
      }
    }
    return this.runProcessing(slot, userId, trigger, firstMarkAtMs, lastMarkAtMs, markCount, reasons, startedAtMs);
  }

  private async runProcessing(
    slot: number,
    userId: string,
    trigger: ProcessingTrigger,
    firstMarkAtMs: number,
    lastMarkAtMs: number,
    markCount: number,
    reasons: number,
    startedAtMs: number,
  ): Promise<void> {
    let failed = false;
    let error: unknown;
    try {
      // 3. Read the user's state. 4. Get the events. 5. Calculate and send the diff.
      // A port may answer with a value or a promise. Only a promise is awaited: a plain value needs
      // no turn of the microtask queue, and at 100,000 users those turns were most of the cost.
      const viewportAnswer = this.userStateService.getUserViewport(userId);
      const viewport = (isPromise(viewportAnswer) ? await viewportAnswer : viewportAnswer) ?? null;
      const filtersAnswer = this.userStateService.getUserFilters(userId);
      const filters = isPromise(filtersAnswer) ? await filtersAnswer : filtersAnswer;
      const eventsAnswer =
        viewport !== null ? this.eventCacheService.getEventsInViewport(viewport) : this.eventCacheService.getAllEvents();
      const events = isPromise(eventsAnswer) ? await eventsAnswer : eventsAnswer;
      await this.eventFilteringService.calculateAndSendDiff(userId, events, viewport, filters);
    } catch (caught) {
      failed = true;
      error = caught;
    }
    this.finishProcessing(slot, userId, trigger, firstMarkAtMs, lastMarkAtMs, markCount, reasons, startedAtMs, failed, error);
  }

  private finishProcessing(
    slot: number,
    userId: string,
    trigger: ProcessingTrigger,
    firstMarkAtMs: number,
    lastMarkAtMs: number,
    markCount: number,
    reasons: number,
    startedAtMs: number,
    failed: boolean,
    error: unknown,
  ): void {
    const users = this.users;
    const stats = this.stats;
    const config = this.config;
    stats.currentInFlight--;
    let f = users.flags(slot) & ~IN_FLIGHT;
    const removed = (f & REMOVED_IN_FLIGHT) !== 0;
    f &= ~REMOVED_IN_FLIGHT;
    const onEnd = this.observer?.onProcessingEnd;
    const now = failed || onEnd !== undefined ? this.clock.now() : Number.NaN;
    if (!failed) {
      stats.totalUsersProcessed++;
    } else {
      stats.totalProcessingErrors++;
      if (!removed) {
        // Nothing is lost: the marks this processing covered are pending again, oldest first.
        if ((f & DIRTY) !== 0) {
          users.setPending(
            slot,
            Math.min(firstMarkAtMs, users.firstMarkAtMs(slot)),
            Math.max(lastMarkAtMs, users.lastMarkAtMs(slot)),
            markCount + users.markCount(slot),
            mergeReasons(reasons, users.reasons(slot)),
          );
        } else {
          users.becomeDirty(slot, f);
          f |= DIRTY;
          if (users.dirtyCount > stats.maxDirtyUsers) stats.maxDirtyUsers = users.dirtyCount;
          users.setPending(slot, firstMarkAtMs, lastMarkAtMs, markCount, reasons);
        }
        // Retried after the delay, not at once, even if a mark's window ended during the flight.
        f = (f | FAILED) & ~DUE;
        if (this.running) {
          f |= RETRY_ARMED;
          if (this.withMaxWait) this.startMaxWaitBurst(slot, now);
          this.debounce.arm(slot, now + config.debounceTimeoutMs);
        }
      }
    }
    users.setFlags(slot, f);

    if (onEnd !== undefined) {
      const record: ProcessingRecord = {
        userId,
        trigger,
        firstMarkAtMs,
        lastMarkAtMs,
        markCount,
        reasons: reasonsOf(reasons),
        startedAtMs,
        endedAtMs: now,
        outcome: failed ? 'failed' : 'sent',
      };
      if (failed) record.error = error;
      try {
        onEnd.call(this.observer, record);
      } catch (caught) {
        reportObserverError(caught);
      }
    }

    const retrying = failed && !removed;
    if (removed && (f & DIRTY) === 0) {
      users.release(slot);
    } else if (this.running && !retrying && (f & DIRTY) !== 0) {
      // Marked during the flight: those marks were not covered, so the user goes again.
      if (!config.enableBatching) {
        if ((f & QUEUED) === 0) this.offerImmediate(slot);
      } else if ((f & DUE) !== 0) {
        void this.process(slot, 'debounce');
      }
    }
    this.wakeFlightWaiters(slot);
    if (!config.enableBatching) this.pumpReadyQueue();
    if (stats.currentInFlight === 0 && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private wakeFlightWaiters(slot: number): void {
    if (this.flightWaiters.size === 0) return;
    const waiters = this.flightWaiters.get(slot);
    if (waiters === undefined) return;
    this.flightWaiters.delete(slot);
    for (const wake of waiters) wake();
  }

  /** Resolves when the slot's current (or, if queued, next) processing ends, or its user is removed. */
  private flightEnd(slot: number): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.flightWaiters.get(slot);
      if (waiters === undefined) this.flightWaiters.set(slot, [resolve]);
      else waiters.push(resolve);
    });
  }

  private idle(): Promise<void> {
    if (this.stats.currentInFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  // ---------------------------------------------------------------------------------------------
  // Sweeps, forced batches and the final flush

  /**
   * Never two passes at once (defect 3): a request while one runs makes it run one more round over
   * what is dirty then, and resolves with it. This is also why a busy sweeper cannot be starved: a
   * tick is never dropped for good, only folded into the round that follows the running one, and
   * debounce processings do not hold a sweep back at all.
   */
  private requestPass(trigger: PassTrigger): Promise<void> {
    if (this.passInFlight !== null) {
      if (trigger === 'sweep') this.stats.totalSweepsSkipped++;
      if (this.passRerun === null || PASS_PRIORITY[trigger] > PASS_PRIORITY[this.passRerun]) this.passRerun = trigger;
      return this.passInFlight;
    }
    // runPass always awaits at least once, so passInFlight is set before its finally block runs.
    const pass = this.runPass(trigger);
    this.passInFlight = pass;
    return pass;
  }

  private async runPass(first: PassTrigger): Promise<void> {
    try {
      let trigger: PassTrigger | null = first;
      while (trigger !== null) {
        this.passRerun = null;
        if (trigger === 'sweep') this.stats.totalSweeperRuns++;
        await this.runRound(trigger);
        trigger = this.passRerun;
      }
    } finally {
      this.passInFlight = null;
    }
  }

  /** Defect 1: the round walks a snapshot, so a user still dirty is never skipped. */
  private async runRound(trigger: PassTrigger): Promise<void> {
    const users = this.users;
    const listed: string[] = [];
    for (const slot of users.dirtySlots()) listed.push(users.ids[slot]!);
    const batchSize = this.config.maxBatchSize;
    const sequential = this.config.sweepBatchMode === 'sequential';
    for (let from = 0; from < listed.length; from += batchSize) {
      // Let timers and I/O run between batches, as the design's setImmediate did.
      if (from > 0) await yieldOn(this.clock);
      const to = Math.min(from + batchSize, listed.length);
      if (sequential) {
        for (let i = from; i < to; i++) await this.flushUser(listed[i]!, trigger);
      } else {
        const work: Promise<void>[] = [];
        for (let i = from; i < to; i++) work.push(this.flushUser(listed[i]!, trigger));
        await Promise.all(work);
      }
      this.stats.totalBatchesProcessed++;
    }
  }

  /** Processes a listed user unless someone else already has (defect 2). */
  private async flushUser(userId: string, trigger: PassTrigger): Promise<void> {
    let slot = this.users.slotOf(userId);
    if (slot === undefined) return;
    if ((this.users.flags(slot) & IN_FLIGHT) !== 0) {
      // That processing does not cover marks made during it; wait for it, then look again.
      await this.flightEnd(slot);
      slot = this.users.slotOf(userId);
      if (slot === undefined) return;
      if ((this.users.flags(slot) & IN_FLIGHT) !== 0) {
        // Its deadline came due during the flight and it went again at once: that covers our listing.
        this.stats.totalDuplicateProcessingsAvoided++;
        await this.flightEnd(slot);
        return;
      }
    }
    const f = this.users.flags(slot);
    if ((f & DIRTY) === 0) {
      this.stats.totalDuplicateProcessingsAvoided++;
      return;
    }
    if (!this.config.enableBatching) {
      // Even a flush respects the concurrency bound: take a place in the queue and wait for the turn.
      // Wait first: a processing whose port throws synchronously ends before offerImmediate returns.
      const ended = this.flightEnd(slot);
      if ((f & QUEUED) === 0) this.offerImmediate(slot);
      await ended;
      return;
    }
    await this.process(slot, trigger);
  }

  private async shutdown(): Promise<void> {
    this.running = false;
    if (this.sweepTimer !== null) {
      this.clock.clearInterval(this.sweepTimer);
      this.sweepTimer = null;
    }
    this.debounce.clear();
    const users = this.users;
    for (const slot of users.dirtySlots()) users.setFlags(slot, users.flags(slot) & ~(RETRY_ARMED | DUE));
    await this.requestPass('stop');
    while (this.stats.currentInFlight > 0) await this.idle();
    // A processing that failed during the flush would otherwise stay undelivered (defect 4 at
    // shutdown): retry, spaced like a debounce retry, a bounded number of times.
    for (let round = 1; round < STOP_FLUSH_ROUNDS && users.dirtyCount > 0; round++) {
      await sleepOn(this.clock, Math.max(1, this.config.debounceTimeoutMs));
      await this.requestPass('stop');
      while (this.stats.currentInFlight > 0) await this.idle();
    }
  }
}

function isPromise<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  return typeof value;
}
