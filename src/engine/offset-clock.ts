/**
 * A clock that reads time from an origin: a real-time run sees the same 0-based times as the
 * scenario (phase starts, outage windows, change timestamps), whatever `performance.now()` says.
 *
 * It can also be held at 0 while the run sets up (`OffsetClock.held`): on the virtual clock building
 * the world and connecting the users takes no time, and on the real clock it takes a while (about a
 * tenth of a second for a few thousand users). While held, `now()` reads 0 and timeouts and intervals
 * are kept; `start()` takes the origin and sets them then, so a debounce window or the sweeper's
 * period armed during set-up counts from time 0, as on the virtual clock. Immediates and CPU go to
 * the inner clock at once.
 */
import type { Clock, TimerCallback, TimerHandle } from '../clock/clock.js';

/** A timeout or interval asked for while the clock was held. */
class HeldTimer implements TimerHandle {
  cancelled = false;
  /** The inner clock's timer, once started. */
  inner: TimerHandle | null = null;
  constructor(
    readonly id: number,
    readonly owner: OffsetClock,
    readonly callback: TimerCallback,
    readonly delayMs: number,
    readonly repeats: boolean,
  ) {}
}

export class OffsetClock implements Clock {
  private originMs: number | null;
  private held: HeldTimer[] = [];
  private nextHeldId = -1;

  constructor(
    private readonly inner: Clock,
    originMs: number,
  ) {
    this.originMs = originMs;
  }

  /** A clock that reads 0 and keeps its timers until `start()`. */
  static held(inner: Clock): OffsetClock {
    const clock = new OffsetClock(inner, 0);
    clock.originMs = null;
    return clock;
  }

  /** Whether the clock is still held (before `start()`). */
  get isHeld(): boolean {
    return this.originMs === null;
  }

  /** Takes the inner clock's now as time 0 and sets the timers kept meanwhile. Idempotent. */
  start(): void {
    if (this.originMs !== null) return;
    this.originMs = this.inner.now();
    const held = this.held;
    this.held = [];
    for (const timer of held) {
      if (timer.cancelled) continue;
      timer.inner = timer.repeats
        ? this.inner.setInterval(timer.callback, timer.delayMs)
        : this.inner.setTimeout(timer.callback, timer.delayMs);
    }
  }

  now(): number {
    return this.originMs === null ? 0 : this.inner.now() - this.originMs;
  }

  setTimeout(callback: TimerCallback, delayMs: number): TimerHandle {
    if (this.originMs === null) return this.hold(callback, delayMs, false);
    return this.inner.setTimeout(callback, delayMs);
  }

  clearTimeout(handle: TimerHandle | undefined | null): void {
    if (handle instanceof HeldTimer) this.release(handle);
    else this.inner.clearTimeout(handle);
  }

  setInterval(callback: TimerCallback, intervalMs: number): TimerHandle {
    if (this.originMs === null) return this.hold(callback, intervalMs, true);
    return this.inner.setInterval(callback, intervalMs);
  }

  clearInterval(handle: TimerHandle | undefined | null): void {
    if (handle instanceof HeldTimer) this.release(handle);
    else this.inner.clearInterval(handle);
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

  private hold(callback: TimerCallback, delayMs: number, repeats: boolean): TimerHandle {
    if (typeof callback !== 'function') throw new TypeError(`a timer callback must be a function, got ${typeof callback}`);
    const timer = new HeldTimer(this.nextHeldId--, this, callback, delayMs, repeats);
    this.held.push(timer);
    return timer;
  }

  private release(timer: HeldTimer): void {
    if (timer.owner !== this) return;
    timer.cancelled = true;
    if (timer.inner === null) return;
    if (timer.repeats) this.inner.clearInterval(timer.inner);
    else this.inner.clearTimeout(timer.inner);
    timer.inner = null;
  }
}
