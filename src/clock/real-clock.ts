/**
 * The clock a production service hands the batcher: Node's own timers and a monotonic time source.
 * `spendCpu` really burns the CPU, so a real-time simulation loads the event loop as production would.
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
}

export class RealClock implements Clock {
  private nextId = 1;
  private readonly keepsProcessAlive: boolean;
  private busyMs = 0;

  constructor(options: RealClockOptions = {}) {
    this.keepsProcessAlive = options.keepsProcessAlive ?? true;
  }

  now(): number {
    return performance.now();
  }

  setTimeout(callback: TimerCallback, delayMs: number): TimerHandle {
    const native = setTimeout(callback, delayMs);
    if (!this.keepsProcessAlive) native.unref();
    return new RealTimer(this.nextId++, this, native);
  }

  clearTimeout(handle: TimerHandle | undefined | null): void {
    if (handle instanceof RealTimer && handle.owner === this) clearTimeout(handle.native as NodeJS.Timeout);
  }

  setInterval(callback: TimerCallback, intervalMs: number): TimerHandle {
    const native = setInterval(callback, intervalMs);
    if (!this.keepsProcessAlive) native.unref();
    return new RealTimer(this.nextId++, this, native);
  }

  clearInterval(handle: TimerHandle | undefined | null): void {
    if (handle instanceof RealTimer && handle.owner === this) clearInterval(handle.native as NodeJS.Timeout);
  }

  setImmediate(callback: TimerCallback): TimerHandle {
    const native = setImmediate(callback);
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
    const until = performance.now() + ms;
    // Busy work on purpose: the point is to occupy the event loop as real filtering would.
    while (performance.now() < until) {
      /* spin */
    }
    this.busyMs += ms;
  }

  /** CPU time asked for through spendCpu so far. */
  cpuBusyMs(): number {
    return this.busyMs;
  }
}
