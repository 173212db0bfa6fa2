/**
 * The strategies: one batcher class configured five ways, sharing the processing path, the stats and
 * the observer. debounce-maxwait is checked against lodash's debounce with maxWait.
 */
import fc from 'fast-check';
import debounce from 'lodash.debounce';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../src/clock/index.js';
import { createBatcher, STRATEGY_NAMES, strategyConfig } from '../../src/batcher/strategies.js';
import type { StrategyBatcherConfig, StrategyName } from '../../src/batcher/strategies.js';
import type { ResolvedBatcherSettings } from '../../src/scenario/resolved.js';
import { drainMicrotasks, FakeServices, RecordingObserver, settle } from './harness.js';

function strategyHarness(strategy: StrategyName, config: StrategyBatcherConfig = {}) {
  const clock = new VirtualClock();
  const services = new FakeServices(clock);
  const observer = new RecordingObserver();
  const batcher = createBatcher(
    strategy,
    {
      clock,
      userStateService: services.userState,
      eventCacheService: services.eventCache,
      eventFilteringService: services.filtering,
      observer,
    },
    config,
  );
  return { clock, services, observer, batcher };
}

/** Marks the user every `everyMs` from 0 until `untilMs`, then lets the clock run on to `endMs`. */
async function markContinuously(
  h: ReturnType<typeof strategyHarness>,
  userId: string,
  everyMs: number,
  untilMs: number,
  endMs: number,
): Promise<void> {
  for (let t = 0; t < untilMs; t += everyMs) {
    await h.clock.runUntil(t);
    h.batcher.markUserAsDirty(userId, { reason: 'viewport_change' });
  }
  await h.clock.runUntil(endMs);
}

describe('strategies', () => {
  it('are exactly the five names of the scenario format', () => {
    expect(STRATEGY_NAMES).toEqual(['hybrid', 'debounce', 'debounce-maxwait', 'sweep', 'immediate']);
    expect(() => createBatcher('lazy' as StrategyName, strategyHarness('hybrid').services as never)).toThrow(
      /unknown batcher strategy "lazy"; expected one of hybrid, debounce/,
    );
  });

  it('hybrid: a mark that keeps being renewed is still served by the sweeper', async () => {
    const h = strategyHarness('hybrid', { debounceTimeoutMs: 100, sweepIntervalMs: 1000 });
    h.batcher.start();
    await markContinuously(h, 'panner', 50, 2500, 3000);
    expect(h.observer.starts.map((s) => [s.trigger, s.startedAtMs])).toEqual([
      ['sweep', 1000],
      ['sweep', 2000],
      ['debounce', 2550],
    ]);
    await settle(h.clock, h.batcher.stop());
  });

  it('debounce: no sweeper, so a user marked without pause waits until the marks stop', async () => {
    const h = strategyHarness('debounce', { debounceTimeoutMs: 100, sweepIntervalMs: 1000 });
    h.batcher.start();
    expect(h.clock.pendingCount()).toBe(0);
    await markContinuously(h, 'panner', 50, 2500, 3000);
    expect(h.observer.starts.map((s) => [s.trigger, s.startedAtMs, s.markCount])).toEqual([['debounce', 2550, 50]]);
    expect(h.batcher.getStats().totalSweeperRuns).toBe(0);
    await settle(h.clock, h.batcher.stop());
  });

  it('debounce-maxwait: a user marked without pause is served every maxWaitMs', async () => {
    const h = strategyHarness('debounce-maxwait', { debounceTimeoutMs: 100, maxWaitMs: 300 });
    h.batcher.start();
    await markContinuously(h, 'panner', 50, 1000, 1500);
    expect(h.observer.starts.map((s) => [s.trigger, s.startedAtMs, s.firstMarkAtMs])).toEqual([
      ['debounce', 300, 0],
      ['debounce', 600, 300],
      ['debounce', 900, 600],
      ['debounce', 1050, 900],
    ]);
    await settle(h.clock, h.batcher.stop());
  });

  it('debounce-maxwait: defaults its maximum wait to the sweep interval', () => {
    expect(strategyConfig('debounce-maxwait', { sweepIntervalMs: 700 }).maxWaitMs).toBe(700);
    expect(strategyHarness('debounce-maxwait').batcher.config.maxWaitMs).toBe(5000);
  });

  it('sweep: no debounce windows; an isolated mark waits for the next sweep', async () => {
    const h = strategyHarness('sweep', { debounceTimeoutMs: 100, sweepIntervalMs: 1000 });
    h.batcher.start();
    await h.clock.runUntil(10);
    h.batcher.markUserAsDirty('u', { reason: 'filter_change' });
    expect(h.batcher.getStats().currentActiveTimers).toBe(0);
    await h.clock.runUntil(1500);
    expect(h.observer.starts.map((s) => [s.trigger, s.startedAtMs])).toEqual([['sweep', 1000]]);
    expect(h.batcher.getStats().totalDebounceTimersFired).toBe(0);
    await settle(h.clock, h.batcher.stop());
  });

  it('sweep: a failed user is retried after the retry delay', async () => {
    const h = strategyHarness('sweep', { debounceTimeoutMs: 100, sweepIntervalMs: 1000 });
    h.services.failNextSends('u');
    h.batcher.start();
    h.batcher.markUserAsDirty('u', { reason: 'filter_change' });
    await h.clock.runUntil(1500);
    expect(h.observer.ends.map((e) => [e.trigger, e.startedAtMs, e.outcome])).toEqual([
      ['sweep', 1000, 'failed'],
      ['retry', 1100, 'sent'],
    ]);
    await settle(h.clock, h.batcher.stop());
  });

  it('immediate: each mark is processed at once', async () => {
    const h = strategyHarness('immediate', { enableBatching: true, maxConcurrentProcessing: 2 });
    expect(h.batcher.config.enableBatching).toBe(false);
    h.services.sendMs = 5;
    h.batcher.start();
    await h.clock.runUntil(100);
    for (const id of ['a', 'b', 'c']) h.batcher.markUserAsDirty(id, { reason: 'event_update' });
    expect(h.batcher.getStats().currentInFlight).toBe(2);
    // The processings just started outside any clock callback; the clock does not drain those microtasks.
    await drainMicrotasks();
    await h.clock.runUntil(200);
    expect(h.observer.starts.map((s) => [s.userId, s.trigger, s.startedAtMs])).toEqual([
      ['a', 'immediate', 100],
      ['b', 'immediate', 100],
      ['c', 'immediate', 105],
    ]);
    await settle(h.clock, h.batcher.stop());
  });

  it("takes a scenario's resolved batcher block as it is", () => {
    const settings: ResolvedBatcherSettings = {
      strategy: 'debounce-maxwait',
      debounceTimeoutMs: 40,
      sweepIntervalMs: 150,
      maxBatchSize: 500,
      enableBatching: true,
      maxWaitMs: 120,
      maxConcurrentProcessing: 8,
      timerMode: 'per-user',
      sweepBatchMode: 'sequential',
    };
    const h = strategyHarness(settings.strategy, settings);
    expect(h.batcher.config).toMatchObject({
      debounceTimeoutMs: 40,
      maxWaitMs: 120,
      sweepEnabled: false,
      timerMode: 'per-user',
      sweepBatchMode: 'sequential',
    });
    expect(strategyHarness('hybrid', { ...settings, strategy: 'hybrid' }).batcher.config).toMatchObject({
      sweepIntervalMs: 150,
      maxBatchSize: 500,
      maxWaitMs: Number.POSITIVE_INFINITY,
    });
  });

  it('a strategy overrides the settings that contradict it', () => {
    const h = strategyHarness('sweep', { debounceEnabled: true, sweepEnabled: false });
    expect(h.batcher.config).toMatchObject({ debounceEnabled: false, sweepEnabled: true });
    expect(strategyHarness('hybrid', { maxWaitMs: 300 }).batcher.config.maxWaitMs).toBe(Number.POSITIVE_INFINITY);
  });

  it.each(STRATEGY_NAMES)('%s shares the processing path, the stats and the observer', async (strategy) => {
    const h = strategyHarness(strategy, { debounceTimeoutMs: 50, sweepIntervalMs: 200 });
    h.services.viewports.set('v', { minX: 3, minY: 0, maxX: 4, maxY: 1 });
    h.batcher.start();
    h.batcher.markUserAsDirty('v', { reason: 'viewport_change', timestamp: -5 });
    h.batcher.markUserAsDirty('g', { reason: 'initial_request' });
    await drainMicrotasks(); // 'immediate' started processing outside any clock callback
    await h.clock.runUntil(1000);
    expect(h.services.diffCalls.map((c) => [c.userId, c.events])).toEqual(
      expect.arrayContaining([
        ['v', ['in-3']],
        ['g', ['global-1', 'global-2']],
      ]),
    );
    expect(h.observer.ends.map((e) => [e.userId, e.firstMarkAtMs, e.outcome]).sort()).toEqual([
      ['g', 0, 'sent'],
      ['v', -5, 'sent'],
    ]);
    expect(h.batcher.getStats()).toMatchObject({ totalUsersMarkedDirty: 2, totalUsersProcessed: 2, currentDirtyUsers: 0 });
    await settle(h.clock, h.batcher.stop());
    expect(h.clock.pendingCount()).toBe(0);
  });
});

/**
 * lodash.debounce 4.0.8 (the version installed) has a known defect in its max-wait "tight loop"
 * branch: when a call finds the max wait over while its timer runs, it invokes during the call and
 * sets a new timer without clearing the old one (lodash issue #4138; later lodash releases clear it).
 * The leaked timer then shifts the later invokes. The batcher follows the corrected behaviour, so the
 * main property runs lodash with a setTimeout that clears the timer lodash forgot; a second property
 * checks that the unpatched lodash agrees up to its first tight-loop invoke.
 */
describe('debounce-maxwait against lodash.debounce with maxWait', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  interface LodashRun {
    invokedAtMs: number[];
    /** How many invokes came before (and including) the first one made during a call; all if none. */
    comparableInvokes: number;
  }

  /** When lodash's trailing debounce invokes, for calls at the given times. */
  function runLodash(
    callTimes: readonly number[],
    waitMs: number,
    maxWaitMs: number | undefined,
    clearLeakedTimer: boolean,
  ): LodashRun {
    vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const fakeSetTimeout = globalThis.setTimeout;
    const fakeClearTimeout = globalThis.clearTimeout;
    try {
      if (clearLeakedTimer) {
        // lodash's one debounced function has at most one live timer; a new one replaces the old.
        let live: ReturnType<typeof setTimeout> | undefined;
        globalThis.setTimeout = ((callback: () => void, ms: number) => {
          if (live !== undefined) fakeClearTimeout(live);
          live = fakeSetTimeout(() => {
            live = undefined;
            callback();
          }, ms);
          return live;
        }) as typeof setTimeout;
      }
      const invokedAtMs: number[] = [];
      let insideCall = false;
      let comparableInvokes = -1;
      const debounced = debounce(
        () => {
          invokedAtMs.push(Date.now());
          if (insideCall && comparableInvokes < 0) comparableInvokes = invokedAtMs.length;
        },
        waitMs,
        maxWaitMs === undefined ? {} : { maxWait: maxWaitMs },
      );
      let now = 0;
      for (const t of callTimes) {
        vi.advanceTimersByTime(t - now);
        now = t;
        insideCall = true;
        debounced();
        insideCall = false;
      }
      vi.advanceTimersByTime(waitMs + (maxWaitMs ?? 0) + 10);
      return { invokedAtMs, comparableInvokes: comparableInvokes < 0 ? invokedAtMs.length : comparableInvokes };
    } finally {
      globalThis.setTimeout = fakeSetTimeout;
      vi.useRealTimers();
    }
  }

  async function batcherProcessingTimes(
    callTimes: readonly number[],
    waitMs: number,
    maxWaitMs: number | undefined,
    timerMode: 'wheel' | 'per-user',
  ): Promise<number[]> {
    const h = strategyHarness(maxWaitMs === undefined ? 'debounce' : 'debounce-maxwait', {
      debounceTimeoutMs: waitMs,
      maxWaitMs,
      timerMode,
    });
    h.batcher.start();
    for (const t of callTimes) {
      await h.clock.runUntil(t);
      h.batcher.markUserAsDirty('u', { reason: 'viewport_change' });
    }
    await h.clock.advanceBy(waitMs + (maxWaitMs ?? 0) + 10);
    await settle(h.clock, h.batcher.stop());
    return h.observer.starts.map((s) => s.startedAtMs);
  }

  const program = fc.record({
    gaps: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 40 }),
    waitMs: fc.integer({ min: 1, max: 200 }),
    maxWaitMs: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
    timerMode: fc.constantFrom('wheel' as const, 'per-user' as const),
  });

  function callTimesOf(gaps: readonly number[]): number[] {
    const times: number[] = [];
    let t = 0;
    for (const gap of gaps) times.push((t += gap));
    return times;
  }

  it('fires at the same times as lodash (its leaked tight-loop timer cleared) for random call sequences', async () => {
    await fc.assert(
      fc.asyncProperty(program, async ({ gaps, waitMs, maxWaitMs, timerMode }) => {
        const callTimes = callTimesOf(gaps);
        const expected = runLodash(callTimes, waitMs, maxWaitMs, true).invokedAtMs;
        expect(await batcherProcessingTimes(callTimes, waitMs, maxWaitMs, timerMode)).toEqual(expected);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });

  it('fires at the same times as unpatched lodash.debounce 4.0.8 up to its first tight-loop invoke', async () => {
    await fc.assert(
      fc.asyncProperty(program, async ({ gaps, waitMs, maxWaitMs, timerMode }) => {
        const callTimes = callTimesOf(gaps);
        const lodash = runLodash(callTimes, waitMs, maxWaitMs, false);
        const actual = await batcherProcessingTimes(callTimes, waitMs, maxWaitMs, timerMode);
        expect(actual.slice(0, lodash.comparableInvokes)).toEqual(lodash.invokedAtMs.slice(0, lodash.comparableInvokes));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });

  it('fires at the same times for a steady stream of calls, tight loop included', async () => {
    // Calls every 30 ms with wait 100 and maxWait 250: the invokes at 250, 500, ... come from timers.
    const steady = Array.from({ length: 60 }, (_, i) => i * 30);
    const lodash = runLodash(steady, 100, 250, false);
    expect(lodash.invokedAtMs.length).toBeGreaterThan(5);
    expect(await batcherProcessingTimes(steady, 100, 250, 'wheel')).toEqual(lodash.invokedAtMs);
    // The case lodash#4138 is about: a call lands exactly when the max wait ends (278 = 139 + 139).
    const tightLoop = [0, 33, 140, 278, 382, 418, 418];
    const fixed = runLodash(tightLoop, 139, 139, true).invokedAtMs;
    expect(fixed).toEqual([139, 278, 417, 557]);
    expect(runLodash(tightLoop, 139, 139, false).invokedAtMs).toEqual([139, 278, 417, 556]);
    expect(await batcherProcessingTimes(tightLoop, 139, 139, 'wheel')).toEqual(fixed);
  });
});
