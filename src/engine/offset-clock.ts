/**
 * A clock that reads time from an origin: a real-time run sees the same 0-based times as the
 * scenario (phase starts, outage windows, change timestamps), whatever `performance.now()` says.
 * Timers and CPU are delegated unchanged.
 */
import type { Clock, TimerCallback, TimerHandle } from '../clock/clock.js';

export class OffsetClock implements Clock {
  constructor(
    private readonly inner: Clock,
    private readonly originMs: number,
  ) {}

  now(): number {
    return this.inner.now() - this.originMs;
  }

  setTimeout(callback: TimerCallback, delayMs: number): TimerHandle {
    return this.inner.setTimeout(callback, delayMs);
  }

  clearTimeout(handle: TimerHandle | undefined | null): void {
    this.inner.clearTimeout(handle);
  }

  setInterval(callback: TimerCallback, intervalMs: number): TimerHandle {
    return this.inner.setInterval(callback, intervalMs);
  }

  clearInterval(handle: TimerHandle | undefined | null): void {
    this.inner.clearInterval(handle);
  }

  setImmediate(callback: TimerCallback): TimerHandle {
    return this.inner.setImmediate(callback);
  }

  clearImmediate(handle: TimerHandle | undefined | null): void {
    this.inner.clearImmediate(handle);
  }

  spendCpu(ms: number): void {
    this.inner.spendCpu(ms);
  }
}
