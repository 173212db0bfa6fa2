/**
 * Shared pieces of the batcher benchmarks (no run(): the bench runner skips this module): a no-op
 * world, a Clock over @sinonjs/fake-timers for the baseline, and the Poisson mark load.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import FakeTimers from '@sinonjs/fake-timers';
import type { Clock, TimerCallback, TimerHandle, VirtualClock } from '../../src/clock/index.js';
import { HybridUserUpdateBatcher } from '../../src/batcher/hybrid-user-update-batcher.js';
import type { HybridUserUpdateBatcherConfig } from '../../src/batcher/config.js';
import type { MarkOptions } from '../../src/batcher/ports.js';
import { SeededRandom } from '../../src/random/seeded-random.js';

export const MARKS_PER_USER_PER_SECOND = 2;

/** A world that costs nothing: the benchmark measures the batcher alone. */
export function noOpBatcher(clock: Clock, config: HybridUserUpdateBatcherConfig): HybridUserUpdateBatcher {
  const noEvents: readonly unknown[] = [];
  const done = Promise.resolve();
  return new HybridUserUpdateBatcher(
    {
      clock,
      userStateService: { getUserViewport: () => null, getUserFilters: () => noEvents },
      eventCacheService: { getEventsInViewport: () => noEvents, getAllEvents: () => noEvents },
      eventFilteringService: { calculateAndSendDiff: () => done },
    },
    config,
  );
}

export function userIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `user-${i}`);
}

/**
 * Arrival times of every user's Poisson(ratePerSecond) marks, merged: the superposition of
 * independent Poisson processes is one Poisson process of the summed rate whose every arrival belongs
 * to a uniformly chosen user, so it is drawn that way (one draw per mark, no per-user heap).
 */
export class PoissonMarks {
  private readonly random: SeededRandom;
  private readonly ratePerMs: number;
  /** The next arrival, in ms. */
  nextAtMs: number;

  constructor(
    private readonly ids: readonly string[],
    ratePerUserPerSecond: number,
    seed: number,
    startMs = 0,
  ) {
    this.random = new SeededRandom(seed);
    this.ratePerMs = (ids.length * ratePerUserPerSecond) / 1000;
    this.nextAtMs = startMs + this.gap();
  }

  /** The user of the next arrival; moves nextAtMs on. */
  take(): string {
    const id = this.ids[this.random.int(this.ids.length)]!;
    this.nextAtMs += this.gap();
    return id;
  }

  private gap(): number {
    return -Math.log(1 - this.random.float()) / this.ratePerMs;
  }
}

export const VIEWPORT_MARK: MarkOptions = { reason: 'viewport_change' };

/** A Clock over a fake-timers clock, so the same batcher can be driven by @sinonjs/fake-timers. */
export interface FakeTimersDriver {
  clock: Clock;
  tickAsync(ms: number): Promise<number>;
}

class FakeTimerHandle implements TimerHandle {
  constructor(
    readonly id: number,
    readonly native: unknown,
  ) {}
}

export function fakeTimersClock(): FakeTimersDriver {
  const fake = FakeTimers.createClock(0, Number.MAX_SAFE_INTEGER);
  let nextId = 1;
  const wrap = (native: unknown): TimerHandle => new FakeTimerHandle(nextId++, native);
  const unwrap = (handle: TimerHandle | null | undefined): never =>
    (handle instanceof FakeTimerHandle ? handle.native : undefined) as never;
  const clock: Clock = {
    now: () => fake.now,
    setTimeout: (callback: TimerCallback, delayMs: number) => wrap(fake.setTimeout(callback, delayMs)),
    clearTimeout: (handle) => fake.clearTimeout(unwrap(handle)),
    setInterval: (callback: TimerCallback, intervalMs: number) => wrap(fake.setInterval(callback, intervalMs)),
    clearInterval: (handle) => fake.clearInterval(unwrap(handle)),
    setImmediate: (callback: TimerCallback) => wrap(fake.setImmediate(callback)),
    clearImmediate: (handle) => fake.clearImmediate(unwrap(handle)),
    spendCpu: (ms: number) => {
      fake.setSystemTime(fake.now + ms);
    },
  };
  return { clock, tickAsync: (ms) => fake.tickAsync(ms) };
}

export interface LoadResult {
  marks: number;
  processings: number;
  wallMs: number;
  marksPerSecond: number;
  /** Process CPU time: on a machine shared with other work, less inflated than wall time. */
  cpuMs: number;
  marksPerCpuSecond: number;
}

/** Simulated time before the measurement starts: dirty users, timers and queues reach their steady size. */
export const WARM_UP_MS = 1000;

/**
 * Feeds the Poisson load without a clock timer per mark: the clock is run to the end of each
 * millisecond, then that millisecond's marks are made synchronously (marks land on whole ms).
 * Measures the `durationMs` after a warm-up of WARM_UP_MS, then stops the batcher (not timed).
 */
export async function driveMarks(
  advanceTo: (ms: number) => Promise<unknown>,
  settle: (promise: Promise<void>) => Promise<void>,
  batcher: HybridUserUpdateBatcher,
  ids: readonly string[],
  durationMs: number,
  seed: number,
): Promise<LoadResult> {
  const arrivals = new PoissonMarks(ids, MARKS_PER_USER_PER_SECOND, seed);
  let marks = 0;
  let processedBefore = 0;
  let started = performance.now();
  let startCpu = process.cpuUsage();
  const endMs = WARM_UP_MS + durationMs;
  for (let ms = 1; ms <= endMs; ms++) {
    if (ms === WARM_UP_MS + 1) {
      marks = 0;
      processedBefore = batcher.getStats().totalUsersProcessed;
      started = performance.now();
      startCpu = process.cpuUsage();
    }
    await advanceTo(ms);
    while (arrivals.nextAtMs <= ms) {
      batcher.markUserAsDirty(arrivals.take(), VIEWPORT_MARK);
      marks++;
    }
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(startCpu);
  const processings = batcher.getStats().totalUsersProcessed - processedBefore;
  await settle(batcher.stop());
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    marks,
    processings,
    wallMs,
    marksPerSecond: marks / (wallMs / 1000),
    cpuMs,
    marksPerCpuSecond: marks / (cpuMs / 1000),
  };
}

export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function verdict(ok: boolean): string {
  return ok ? 'ok' : 'MISSED';
}

/** True when the module is the script node was started with (not imported by the bench runner). */
export function isMain(metaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && metaUrl === pathToFileURL(resolve(entry)).href;
}

/** Runs a virtual clock until the promise settles (the batcher's stop() needs the clock to move). */
export async function settleOnVirtualClock(clock: VirtualClock, promise: Promise<void>): Promise<void> {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await new Promise((r) => setImmediate(r));
  while (!done) {
    if (!(await clock.runNext())) await new Promise((r) => setImmediate(r));
  }
  await promise;
}
