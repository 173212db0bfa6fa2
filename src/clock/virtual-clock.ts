/**
 * A deterministic discrete-event clock that models Node's single-threaded event loop.
 *
 * Order: due time, then immediates before timers, then scheduling order. After every callback the
 * clock lets the microtask queue (and any promise chain the callback started) run to completion
 * before it moves on, so `await`s inside the code under test interleave as they would in Node.
 *
 * CPU time: `spendCpu(ms)` moves `now` forward while nothing else runs; timers that fell due
 * meanwhile fire late, and that lateness is the event-loop lag the clock reports.
 */
import type { Clock, TimerCallback, TimerHandle } from './clock.js';
import { VirtualClockLoopLimitError, VirtualClockReentryError } from './errors.js';
import { IMMEDIATE, ScheduledCallback, TIMER, TimerQueue } from './timer-queue.js';

const realSetImmediate = globalThis.setImmediate;

/** Lets every queued microtask, and the microtasks those queue, run: one real macrotask turn. */
function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

export interface VirtualClockOptions {
  /** Where time starts, in ms. Default 0. */
  startMs?: number;
  /** Called with the lateness of every timer that fires after its due time (ms > 0). */
  onLag?: (lagMs: number) => void;
}

export interface RunOptions {
  /** The most callbacks one call may run before it throws VirtualClockLoopLimitError. */
  limit?: number;
  /**
   * The caller promises that no promise chain started outside the clock is still pending, so the
   * clock may skip the one macrotask turn it otherwise takes before it picks a callback or moves time
   * (a driver that feeds millions of synchronous marks saves about 1 us a call). Default false.
   */
  settled?: boolean;
}

export interface VirtualClockStats {
  callbacksRun: number;
  timersFiredLate: number;
  maxLagMs: number;
  totalLagMs: number;
  cpuBusyMs: number;
  pending: number;
}

const DEFAULT_RUN_ALL_LIMIT = 100_000;

/** Node's rule: a delay that is not a number of at least 1 ms becomes 1 ms. */
function normaliseDelay(delayMs: number): number {
  return delayMs >= 1 && Number.isFinite(delayMs) ? delayMs : 1;
}

export class VirtualClock implements Clock {
  private current: number;
  private readonly queue = new TimerQueue();
  private nextId = 1;
  private nextSeq = 0;
  private running: string | null = null;
  private readonly onLag: ((lagMs: number) => void) | undefined;
  private asyncError: { error: unknown } | null = null;
  private readonly stats: VirtualClockStats = {
    callbacksRun: 0,
    timersFiredLate: 0,
    maxLagMs: 0,
    totalLagMs: 0,
    cpuBusyMs: 0,
    pending: 0,
  };

  constructor(options: VirtualClockOptions = {}) {
    this.current = options.startMs ?? 0;
    this.onLag = options.onLag;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: TimerCallback, delayMs: number): TimerHandle {
    return this.schedule(callback, this.current + normaliseDelay(delayMs), TIMER, null);
  }

  setInterval(callback: TimerCallback, intervalMs: number): TimerHandle {
    const interval = normaliseDelay(intervalMs);
    return this.schedule(callback, this.current + interval, TIMER, interval);
  }

  setImmediate(callback: TimerCallback): TimerHandle {
    return this.schedule(callback, this.current, IMMEDIATE, null);
  }

  clearTimeout(handle: TimerHandle | undefined | null): void {
    this.cancel(handle);
  }

  clearInterval(handle: TimerHandle | undefined | null): void {
    this.cancel(handle);
  }

  clearImmediate(handle: TimerHandle | undefined | null): void {
    this.cancel(handle);
  }

  spendCpu(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) {
      throw new RangeError(`spendCpu(ms) takes a finite number of milliseconds >= 0, got ${String(ms)}`);
    }
    this.current += ms;
    this.stats.cpuBusyMs += ms;
  }

  /** Callbacks scheduled and not yet run or cancelled. */
  pendingCount(): number {
    return this.queue.liveCount;
  }

  /** When the next callback is due, or undefined when nothing is scheduled. */
  nextDueMs(): number | undefined {
    return this.queue.peek()?.dueMs;
  }

  getStats(): VirtualClockStats {
    return { ...this.stats, pending: this.queue.liveCount };
  }

  /** Runs the next callback (moving time to its due time), then lets its promise chains settle. */
  async runNext(options: RunOptions = {}): Promise<boolean> {
    this.enter('runNext');
    try {
      if (options.settled !== true) await drainMicrotasks();
      return await this.step();
    } finally {
      this.running = null;
    }
  }

  /** Runs every callback due up to `targetMs`, in order, then leaves the clock at `targetMs`. */
  async runUntil(targetMs: number, options: RunOptions = {}): Promise<number> {
    if (Number.isNaN(targetMs)) throw new RangeError('runUntil(t) takes a time in ms, got NaN');
    this.enter('runUntil');
    try {
      const limit = options.limit ?? Number.POSITIVE_INFINITY;
      // Work started outside the clock (a mark, a stop() called by the driver) must reach its next
      // await before time moves, or the timers it sets would be scheduled from the wrong `now`.
      if (options.settled !== true) await drainMicrotasks();
      let ran = 0;
      for (;;) {
        const next = this.queue.peek();
        if (next === undefined || next.dueMs > targetMs) break;
        if (ran >= limit) throw new VirtualClockLoopLimitError(limit, this.queue.liveCount);
        await this.step();
        ran++;
      }
      if (this.current < targetMs) this.current = targetMs;
      return ran;
    } finally {
      this.running = null;
    }
  }

  /** Moves time forward by `ms`, running everything that falls due on the way. */
  advanceBy(ms: number, options: RunOptions = {}): Promise<number> {
    if (!(ms >= 0)) throw new RangeError(`advanceBy(ms) takes ms >= 0, got ${String(ms)}`);
    return this.runUntil(this.current + ms, options);
  }

  /** Runs until nothing is scheduled. Throws VirtualClockLoopLimitError after `limit` callbacks. */
  async runAll(options: RunOptions = {}): Promise<number> {
    this.enter('runAll');
    try {
      const limit = options.limit ?? DEFAULT_RUN_ALL_LIMIT;
      if (options.settled !== true) await drainMicrotasks();
      let ran = 0;
      while (this.queue.peek() !== undefined) {
        if (ran >= limit) throw new VirtualClockLoopLimitError(limit, this.queue.liveCount);
        await this.step();
        ran++;
      }
      return ran;
    } finally {
      this.running = null;
    }
  }

  private enter(method: string): void {
    if (this.running !== null) throw new VirtualClockReentryError(method);
    this.running = method;
  }

  private async step(): Promise<boolean> {
    const entry = this.queue.pop();
    if (entry === undefined) return false;
    if (entry.dueMs > this.current) {
      this.current = entry.dueMs;
    } else if (entry.kind === TIMER && entry.dueMs < this.current) {
      const lag = this.current - entry.dueMs;
      this.stats.timersFiredLate++;
      this.stats.totalLagMs += lag;
      if (lag > this.stats.maxLagMs) this.stats.maxLagMs = lag;
      this.onLag?.(lag);
    }
    if (entry.intervalMs !== null) {
      // Like Node, the next run is counted from when this one actually starts; rescheduling counts
      // as scheduling, so it sorts after timers already set for the same time (as in fake-timers).
      entry.dueMs = this.current + entry.intervalMs;
      entry.seq = this.nextSeq++;
      this.queue.push(entry);
    } else {
      // A fired one-shot timer is spent; clearing it later must not count as a cancellation.
      entry.cancelled = true;
    }
    this.stats.callbacksRun++;
    const result = entry.callback();
    if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
      (result as PromiseLike<unknown>).then(undefined, (error: unknown) => {
        this.asyncError ??= { error };
      });
    }
    await drainMicrotasks();
    if (this.asyncError !== null) {
      const { error } = this.asyncError;
      this.asyncError = null;
      throw error;
    }
    return true;
  }

  private schedule(
    callback: TimerCallback,
    dueMs: number,
    kind: typeof IMMEDIATE | typeof TIMER,
    intervalMs: number | null,
  ): TimerHandle {
    if (typeof callback !== 'function') {
      throw new TypeError(`a timer callback must be a function, got ${typeof callback}`);
    }
    const entry = new ScheduledCallback(this.nextId++, this, dueMs, kind, this.nextSeq++, callback, intervalMs);
    this.queue.push(entry);
    return entry;
  }

  private cancel(handle: TimerHandle | undefined | null): void {
    if (handle instanceof ScheduledCallback && handle.owner === this && !handle.cancelled) {
      this.queue.cancel(handle);
    }
  }
}
