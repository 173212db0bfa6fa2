/**
 * The clock a production service hands the batcher: Node's own timers and a monotonic time source.
 * `spendCpu` really burns the CPU, so a real-time simulation loads the event loop as production would.
 *
 * A simulation on this clock also runs its own code on the same loop (the simulated world's
 * filtering and diffs, the clients, the metrics), which the virtual clock gets for free. With
 * `creditLoopWork` the clock keeps that work out of the model:
 * - CPU credit: the loop's own work since it last rested counts toward the CPU the model asks for,
 *   so `spendCpu(ms)` busy-waits only for what that work has not already covered, and a busy
 *   stretch lasts max(modelled CPU, the simulator's work) rather than their sum.
 * - Model time: `now()` is real time minus the work not yet covered (the lag). It stands still while
 *   the simulator works, moves by `ms` on `spendCpu(ms)` and with real time while the loop waits, as
 *   virtual time does; so a change that marks 300 users marks them all at one time, not spread over
 *   the milliseconds the marking took. Timeouts count from model time (their native delay is
 *   shortened by the lag), so a timer may find `now()` up to the lag short of its due time.
 * The loop "rested" when it waited for something (Node's event-loop idle time grew): work done
 * before that delayed nothing that runs after it, so the credit is dropped and model time is real
 * time again. Without the option, `now()` is `performance.now()` and `spendCpu` spins all it is asked.
 */
import { performance } from 'node:perf_hooks';
import type { Clock, TimerCallback, TimerHandle } from './clock.js';

class RealTimer implements TimerHandle {
  constructor(
    readonly id: number,
    readonly owner: RealClock,
    readonly native: NodeJS.Timeout | NodeJS.Immediate,
  ) {}
}

export interface RealClockOptions {
  /** When false, the clock's timers do not keep the process alive (Node's `unref`). Default true. */
  keepsProcessAlive?: boolean;
  /**
   * Keep the loop's other work out of the model: credit it toward `spendCpu` and leave it out of
   * `now()` (see the module head). For simulations only: production code never calls `spendCpu`.
   * Default false.
   */
  creditLoopWork?: boolean;
}

/** How a clock's `spendCpu` was met: asked for, busy-waited, and covered by the loop's own work. */
export interface CpuAccount {
  /** What spendCpu was asked for: the modelled CPU. */
  requestedMs: number;
  /** What the clock busy-waited. */
  spunMs: number;
  /** What the loop's own work since it last rested covered (requestedMs - spunMs). */
  creditedMs: number;
}

/**
 * Node counts event-loop idle time only while the loop blocks waiting for I/O or a timer; a turn
 * that polls without waiting adds nothing. Growth above this many ms means the loop really rested.
 */
const RESTED_EPSILON_MS = 0.01;

function loopIdleMs(): number {
  return performance.eventLoopUtilization().idle;
}

export class RealClock implements Clock {
  private nextId = 1;
  private readonly keepsProcessAlive: boolean;
  private readonly creditLoopWork: boolean;
  private requestedMs = 0;
  private spunMs = 0;
  /** Loop work already set aside for spendCpu and not yet used. */
  private creditMs = 0;
  /** Loop work from this (real) time on is not yet in creditMs. */
  private accruedUntilMs: number;
  /** The loop's idle time when last looked at. */
  private seenIdleMs: number;

  constructor(options: RealClockOptions = {}) {
    this.keepsProcessAlive = options.keepsProcessAlive ?? true;
    this.creditLoopWork = options.creditLoopWork ?? false;
    this.accruedUntilMs = performance.now();
    this.seenIdleMs = this.creditLoopWork ? loopIdleMs() : 0;
  }

  now(): number {
    const now = performance.now();
    if (!this.creditLoopWork) return now;
    this.noteRest(now);
    // Real time minus all uncovered work (credit, and what accrued since): time moved only by
    // busy-waits and rests.
    return this.accruedUntilMs - this.creditMs;
  }

  /** How far model time is behind real time (0 without creditLoopWork). */
  lagMs(): number {
    if (!this.creditLoopWork) return 0;
    const now = performance.now();
    this.noteRest(now);
    return now - (this.accruedUntilMs - this.creditMs);
  }

  /** Forgets the loop's work so far (a set-up, say): model time is real time again, no credit. */
  resetCredit(): void {
    this.creditMs = 0;
    this.accruedUntilMs = performance.now();
    if (this.creditLoopWork) this.seenIdleMs = loopIdleMs();
  }

  setTimeout(callback: TimerCallback, delayMs: number): TimerHandle {
    // Due at model now + delay, which is `lag` sooner in real time (at once when the lag is longer).
    const lagMs = this.creditLoopWork ? this.lagMs() : 0;
    const native = setTimeout(this.turn(callback), lagMs > 0 ? Math.max(0, delayMs - lagMs) : delayMs);
    if (!this.keepsProcessAlive) native.unref();
    return new RealTimer(this.nextId++, this, native);
  }

  clearTimeout(handle: TimerHandle | undefined | null): void {
    if (handle instanceof RealTimer && handle.owner === this) clearTimeout(handle.native as NodeJS.Timeout);
  }

  /** The period is Node's, from now: an interval cannot start sooner than its later ticks. */
  setInterval(callback: TimerCallback, intervalMs: number): TimerHandle {
    const native = setInterval(this.turn(callback), intervalMs);
    if (!this.keepsProcessAlive) native.unref();
    return new RealTimer(this.nextId++, this, native);
  }

  clearInterval(handle: TimerHandle | undefined | null): void {
    if (handle instanceof RealTimer && handle.owner === this) clearInterval(handle.native as NodeJS.Timeout);
  }

  setImmediate(callback: TimerCallback): TimerHandle {
    const native = setImmediate(this.turn(callback));
    if (!this.keepsProcessAlive) native.unref();
    return new RealTimer(this.nextId++, this, native);
  }

  clearImmediate(handle: TimerHandle | undefined | null): void {
    if (handle instanceof RealTimer && handle.owner === this) clearImmediate(handle.native as NodeJS.Immediate);
  }

  spendCpu(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) {
      throw new RangeError(`spendCpu(ms) takes a finite number of milliseconds >= 0, got ${String(ms)}`);
    }
    // Every bound is taken from this one reading: time lost anywhere in here (the process
    // descheduled, a GC) neither lengthens the busy-wait nor escapes the credit.
    const now = performance.now();
    this.requestedMs += ms;
    let spinMs = ms;
    if (this.creditLoopWork) {
      this.noteRest(now);
      this.creditMs += now - this.accruedUntilMs;
      spinMs = Math.max(0, ms - this.creditMs);
      this.creditMs -= ms - spinMs;
      // The busy-wait is not the simulator's work: accrual resumes where it is due to end. Model
      // time (accruedUntilMs - creditMs) thus moves by exactly `ms`.
      this.accruedUntilMs = now + spinMs;
    }
    const until = now + spinMs;
    // Busy work on purpose: the point is to occupy the event loop as real filtering would.
    while (performance.now() < until) {
      /* spin */
    }
    this.spunMs += spinMs;
  }

  /** CPU time asked for through spendCpu so far (the modelled CPU, credited or spun). */
  cpuBusyMs(): number {
    return this.requestedMs;
  }

  /** How spendCpu was met so far. */
  cpuAccount(): CpuAccount {
    return { requestedMs: this.requestedMs, spunMs: this.spunMs, creditedMs: this.requestedMs - this.spunMs };
  }

  /** With credit on, each callback first looks whether the loop rested before this turn. */
  private turn(callback: TimerCallback): TimerCallback {
    if (!this.creditLoopWork) return callback;
    return () => {
      this.noteRest(performance.now());
      return callback();
    };
  }

  /** When the loop waited since last seen, the work before that delayed nothing still to come. */
  private noteRest(now: number): void {
    const idle = loopIdleMs();
    if (idle - this.seenIdleMs > RESTED_EPSILON_MS) {
      this.creditMs = 0;
      this.accruedUntilMs = now;
    }
    this.seenIdleMs = idle;
  }
}
