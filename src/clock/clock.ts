/**
 * The one notion of time that the batcher, the world and the engine use. Production code hands in a
 * RealClock; the simulator hands in a VirtualClock. Nothing in the core reads the global timers.
 */
export type TimerCallback = () => unknown;

/** An opaque handle; only the clock that issued it can cancel it. */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds on a monotonic scale; fractions are allowed. */
  now(): number;
  setTimeout(callback: TimerCallback, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined | null): void;
  setInterval(callback: TimerCallback, intervalMs: number): TimerHandle;
  clearInterval(handle: TimerHandle | undefined | null): void;
  /** Runs the callback in the next turn of the event loop, before any timer that falls due later. */
  setImmediate(callback: TimerCallback): TimerHandle;
  clearImmediate(handle: TimerHandle | undefined | null): void;
  /**
   * Tells the clock that the caller has just run `ms` of synchronous CPU work. A virtual clock moves
   * time forward and lets nothing else run meanwhile; a real clock really spends it (busy work).
   */
  spendCpu(ms: number): void;
}

/** Resolves after `ms` on the given clock: the clock-aware `await sleep(ms)`. */
export function sleepOn(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimeout(resolve, ms);
  });
}

/** Resolves in the next turn of the given clock's event loop. */
export function yieldOn(clock: Clock): Promise<void> {
  return new Promise((resolve) => {
    clock.setImmediate(resolve);
  });
}
