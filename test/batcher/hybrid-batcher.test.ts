/**
 * The behaviours of the design note, on the virtual clock, for both timer forms: the timing wheel
 * (the default) and the design's timer per user.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/clock/index.js';
import { HybridUserUpdateBatcher } from '../../src/batcher/hybrid-user-update-batcher.js';
import type { TimerMode } from '../../src/batcher/config.js';
import { makeHarness, settle } from './harness.js';

describe.each<TimerMode>(['wheel', 'per-user'])('HybridUserUpdateBatcher (timerMode %s)', (timerMode) => {
  describe('debounce', () => {
    it('processes an isolated mark exactly debounceTimeoutMs after it, not before', async () => {
      const { clock, services, batcher, observer } = makeHarness({ timerMode, debounceTimeoutMs: 200 });
      batcher.start();
      batcher.markUserAsDirty('u1', { reason: 'viewport_change' });
      await clock.advanceBy(199);
      expect(services.diffCalls).toHaveLength(0);
      await clock.advanceBy(1);
      expect(services.diffCalls.map((c) => [c.userId, c.atMs])).toEqual([['u1', 200]]);
      expect(observer.ends[0]).toMatchObject({ userId: 'u1', trigger: 'debounce', startedAtMs: 200, outcome: 'sent' });
      await settle(clock, batcher.stop());
    });

    it('restarts the window on every mark and coalesces the marks into one processing', async () => {
      const { clock, services, batcher, observer } = makeHarness({ timerMode, debounceTimeoutMs: 200 });
      batcher.start();
      batcher.markUserAsDirty('u1', { reason: 'viewport_change' });
      await clock.advanceBy(150);
      batcher.markUserAsDirty('u1', { reason: 'event_update', eventId: 'e1' });
      await clock.advanceBy(150);
      batcher.markUserAsDirty('u1', { reason: 'viewport_change' });
      await clock.advanceBy(199);
      expect(services.diffCalls).toHaveLength(0);
      await clock.advanceBy(1);
      expect(services.diffCalls.map((c) => c.atMs)).toEqual([500]);
      expect(observer.ends[0]).toMatchObject({
        firstMarkAtMs: 0,
        lastMarkAtMs: 300,
        markCount: 3,
        reasons: ['viewport_change', 'event_update'],
      });
      await settle(clock, batcher.stop());
    });

    it('gives each user a window of its own', async () => {
      const { clock, services, batcher } = makeHarness({ timerMode, debounceTimeoutMs: 200 });
      batcher.start();
      batcher.markUserAsDirty('a', { reason: 'viewport_change' });
      await clock.advanceBy(100);
      batcher.markUserAsDirty('b', { reason: 'viewport_change' });
      await clock.advanceBy(150);
      batcher.markUserAsDirty('b', { reason: 'filter_change' });
      await clock.advanceBy(1000);
      expect(services.diffCalls.map((c) => [c.userId, c.atMs])).toEqual([
        ['a', 200],
        ['b', 450],
      ]);
      await settle(clock, batcher.stop());
    });

    it('never fires a fractional deadline early', async () => {
      const clock = new VirtualClock({ startMs: 0.25 });
      const { services, batcher } = makeHarness({ timerMode, debounceTimeoutMs: 10.5 }, clock);
      batcher.start();
      batcher.markUserAsDirty('u1', { reason: 'viewport_change' });
      await clock.advanceBy(20);
      expect(services.diffCalls).toHaveLength(1);
      expect(services.diffCalls[0]!.atMs).toBeGreaterThanOrEqual(10.75);
      expect(services.diffCalls[0]!.atMs).toBeLessThanOrEqual(11);
      await settle(clock, batcher.stop());
    });
  });

  describe('the processing path', () => {
    it('reads viewport and filters, gets the events in the viewport and sends the diff', async () => {
      const { clock, services, batcher } = makeHarness({ timerMode });
      services.viewports.set('u1', { minX: 7, minY: 1, maxX: 9, maxY: 3 });
      batcher.start();
      batcher.markUserAsDirty('u1', { reason: 'viewport_change' });
      await clock.advanceBy(200);
      expect(services.diffCalls[0]).toMatchObject({
        userId: 'u1',
        events: ['in-7'],
        viewport: { minX: 7, minY: 1, maxX: 9, maxY: 3 },
        filters: ['filter-of-u1'],
      });
      expect(services.allEventsReads).toHaveLength(0);
      await settle(clock, batcher.stop());
    });

    it('sends the global feed to a user without a viewport', async () => {
      const { clock, services, batcher } = makeHarness({ timerMode });
      batcher.start();
      batcher.markUserAsDirty('u1', { reason: 'initial_request' });
      await clock.advanceBy(200);
      expect(services.diffCalls[0]).toMatchObject({ events: ['global-1', 'global-2'], viewport: null });
      expect(services.allEventsReads).toEqual([200]);
      await settle(clock, batcher.stop());
    });

    it('awaits services that return plain values and services that return promises alike', async () => {
      const clock = new VirtualClock();
      const sent: string[] = [];
      const batcher = new HybridUserUpdateBatcher(
        {
          clock,
          userStateService: {
            getUserViewport: async () => ({ minX: 0, minY: 0, maxX: 1, maxY: 1 }),
            getUserFilters: () => [],
          },
          eventCacheService: { getEventsInViewport: async () => ['x'], getAllEvents: () => [] },
          eventFilteringService: {
            calculateAndSendDiff: async (userId, events) => {
              sent.push(`${userId}:${events.join(',')}`);
            },
          },
        },
        { timerMode },
      );
      batcher.start();
      batcher.markUserAsDirty('u1', { reason: 'viewport_change' });
      await clock.advanceBy(200);
      expect(sent).toEqual(['u1:x']);
      await settle(clock, batcher.stop());
    });

    it('counts a throwing state read as a processing error and keeps the user', async () => {
      const clock = new VirtualClock();
      let reads = 0;
      const batcher = new HybridUserUpdateBatcher(
        {
          clock,
          userStateService: {
            getUserViewport: () => {
              reads++;
              if (reads === 1) throw new Error('redis down');
              return null;
            },
            getUserFilters: () => [],
          },
          eventCacheService: { getEventsInViewport: () => [], getAllEvents: () => [] },
          eventFilteringService: { calculateAndSendDiff: async () => undefined },
        },
        { timerMode, debounceTimeoutMs: 100 },
      );
      batcher.start();
      batcher.markUserAsDirty('u1', { reason: 'viewport_change' });
      await clock.advanceBy(100);
      expect(batcher.getStats()).toMatchObject({ totalProcessingErrors: 1, currentDirtyUsers: 1, totalUsersProcessed: 0 });
      await clock.advanceBy(100);
      expect(batcher.getStats()).toMatchObject({ totalProcessingErrors: 1, currentDirtyUsers: 0, totalUsersProcessed: 1 });
      await settle(clock, batcher.stop());
    });
  });

  describe('the sweeper', () => {
    it('processes every dirty user each sweepIntervalMs, in batches of at most maxBatchSize', async () => {
      const { clock, services, batcher, observer } = makeHarness({
        timerMode,
        debounceTimeoutMs: 60_000,
        sweepIntervalMs: 1000,
        maxBatchSize: 2,
      });
      services.sendMs = 10;
      batcher.start();
      for (const id of ['a', 'b', 'c', 'd', 'e']) batcher.markUserAsDirty(id, { reason: 'event_update' });
      await clock.advanceBy(999);
      expect(services.diffCalls).toHaveLength(0);
      await clock.advanceBy(100);
      expect(observer.starts.map((s) => [s.userId, s.trigger, s.startedAtMs])).toEqual([
        ['a', 'sweep', 1000],
        ['b', 'sweep', 1000],
        ['c', 'sweep', 1010],
        ['d', 'sweep', 1010],
        ['e', 'sweep', 1020],
      ]);
      expect(batcher.getStats()).toMatchObject({
        totalSweeperRuns: 1,
        totalBatchesProcessed: 3,
        currentDirtyUsers: 0,
        currentActiveTimers: 0,
      });
      await settle(clock, batcher.stop());
    });

    it('yields to the event loop between batches, so timers that fell due run in between', async () => {
      const clock = new VirtualClock();
      const order: string[] = [];
      const batcher = new HybridUserUpdateBatcher(
        {
          clock,
          userStateService: { getUserViewport: () => null, getUserFilters: () => [] },
          eventCacheService: { getEventsInViewport: () => [], getAllEvents: () => [] },
          eventFilteringService: {
            calculateAndSendDiff: async (userId) => {
              order.push(`${userId}@${clock.now()}`);
              clock.spendCpu(10);
            },
          },
        },
        { timerMode, debounceTimeoutMs: 200, sweepIntervalMs: 1000, maxBatchSize: 2 },
      );
      batcher.start();
      await clock.advanceBy(500);
      // Marked continuously so their windows never end; only the sweep processes them.
      const marker = clock.setInterval(() => {
        for (const id of ['s1', 's2', 's3', 's4']) batcher.markUserAsDirty(id, { reason: 'viewport_change' });
      }, 100);
      await clock.advanceBy(305);
      // Its window ends at 1005, while the first batch of the sweep keeps the loop busy until 1020.
      batcher.markUserAsDirty('lonely', { reason: 'filter_change' });
      await clock.advanceBy(145);
      clock.clearInterval(marker);
      await clock.advanceBy(1000);
      expect(order).toEqual(['s1@1000', 's2@1010', 'lonely@1020', 's3@1030', 's4@1040']);
      await settle(clock, batcher.stop());
    });

    it('processes the sweep batches one user after another in sequential mode', async () => {
      const { clock, services, batcher, observer } = makeHarness({
        timerMode,
        debounceTimeoutMs: 60_000,
        sweepIntervalMs: 1000,
        maxBatchSize: 2,
        sweepBatchMode: 'sequential',
      });
      services.sendMs = 10;
      batcher.start();
      for (const id of ['a', 'b', 'c']) batcher.markUserAsDirty(id, { reason: 'event_update' });
      await clock.advanceBy(1100);
      expect(observer.starts.map((s) => s.startedAtMs)).toEqual([1000, 1010, 1020]);
      expect(batcher.getStats().totalBatchesProcessed).toBe(2);
      await settle(clock, batcher.stop());
    });

    it('cancels the debounce window of a user the sweep processed', async () => {
      const { clock, services, batcher } = makeHarness({ timerMode, debounceTimeoutMs: 300, sweepIntervalMs: 1000 });
      batcher.start();
      await clock.advanceBy(800);
      batcher.markUserAsDirty('u1', { reason: 'viewport_change' });
      await clock.advanceBy(200);
      expect(services.diffCalls.map((c) => c.atMs)).toEqual([1000]);
      expect(batcher.getStats().currentActiveTimers).toBe(0);
      await clock.advanceBy(1500);
      expect(services.diffCalls).toHaveLength(1);
      await settle(clock, batcher.stop());
    });
  });

  describe('forceProcessBatch', () => {
    it('processes every dirty user now and resolves when they are done', async () => {
      const { clock, services, batcher, observer } = makeHarness({ timerMode, maxBatchSize: 2 });
      services.sendMs = 5;
      batcher.start();
      for (const id of ['a', 'b', 'c']) batcher.markUserAsDirty(id, { reason: 'event_update' });
      await clock.advanceBy(50);
      await settle(clock, batcher.forceProcessBatch());
      expect(clock.now()).toBe(60);
      expect(observer.ends.map((e) => [e.userId, e.trigger, e.endedAtMs])).toEqual([
        ['a', 'force', 55],
        ['b', 'force', 55],
        ['c', 'force', 60],
      ]);
      expect(batcher.getStats()).toMatchObject({ currentDirtyUsers: 0, currentActiveTimers: 0, totalBatchesProcessed: 2 });
      await settle(clock, batcher.stop());
    });

    it('works before start() too', async () => {
      const { clock, services, batcher } = makeHarness({ timerMode });
      batcher.markUserAsDirty('a', { reason: 'event_update' });
      await settle(clock, batcher.forceProcessBatch());
      expect(services.diffCalls.map((c) => c.userId)).toEqual(['a']);
    });
  });

  describe('start and stop', () => {
    it('processes nothing before start(); marks made before it start their window at start()', async () => {
      const { clock, services, batcher } = makeHarness({ timerMode, debounceTimeoutMs: 200, sweepIntervalMs: 1000 });
      batcher.markUserAsDirty('early', { reason: 'initial_request' });
      await clock.advanceBy(5000);
      expect(services.diffCalls).toHaveLength(0);
      expect(clock.pendingCount()).toBe(0);
      batcher.start();
      await clock.advanceBy(200);
      expect(services.diffCalls.map((c) => [c.userId, c.atMs])).toEqual([['early', 5200]]);
      await settle(clock, batcher.stop());
    });

    it('is idempotent and can start again after stopping', async () => {
      const { clock, services, batcher } = makeHarness({ timerMode, debounceTimeoutMs: 100 });
      batcher.start();
      batcher.start();
      expect(batcher.isRunning()).toBe(true);
      await settle(clock, batcher.stop());
      await settle(clock, batcher.stop());
      expect(batcher.isRunning()).toBe(false);
      expect(clock.pendingCount()).toBe(0);
      batcher.start();
      batcher.markUserAsDirty('u1', { reason: 'viewport_change' });
      await clock.advanceBy(100);
      expect(services.diffCalls).toHaveLength(1);
      await settle(clock, batcher.stop());
      expect(clock.pendingCount()).toBe(0);
    });

    it('refuses start() while stop() is still flushing', async () => {
      const { clock, services, batcher } = makeHarness({ timerMode });
      services.sendMs = 50;
      batcher.start();
      batcher.markUserAsDirty('u1', { reason: 'viewport_change' });
      const stopping = batcher.stop();
      expect(() => batcher.start()).toThrow(/while stop\(\) is still flushing/);
      await settle(clock, stopping);
      batcher.start();
      await settle(clock, batcher.stop());
    });
  });

  describe('observability', () => {
    it('reports the oldest mark time from options.timestamp, and the start and end of each processing', async () => {
      const { clock, services, batcher, observer } = makeHarness({ timerMode, debounceTimeoutMs: 100 });
      services.sendMs = 30;
      await clock.advanceBy(1000);
      batcher.start();
      batcher.markUserAsDirty('u1', { reason: 'event_update', timestamp: 990, eventId: 'e9' });
      await clock.advanceBy(10);
      batcher.markUserAsDirty('u1', { reason: 'viewport_change' });
      await clock.advanceBy(200);
      expect(observer.starts).toEqual([
        {
          userId: 'u1',
          trigger: 'debounce',
          firstMarkAtMs: 990,
          lastMarkAtMs: 1010,
          markCount: 2,
          reasons: ['event_update', 'viewport_change'],
          startedAtMs: 1110,
        },
      ]);
      expect(observer.ends[0]).toMatchObject({ startedAtMs: 1110, endedAtMs: 1140, outcome: 'sent' });
      expect(observer.ends[0]).not.toHaveProperty('error');
      await settle(clock, batcher.stop());
    });

    it('reports a failed processing with its error', async () => {
      const { clock, services, batcher, observer } = makeHarness({ timerMode, debounceTimeoutMs: 100 });
      services.failNextSends('u1');
      batcher.start();
      batcher.markUserAsDirty('u1', { reason: 'filter_change' });
      await clock.advanceBy(100);
      expect(observer.ends[0]).toMatchObject({ outcome: 'failed', trigger: 'debounce' });
      expect(String(observer.ends[0]!.error)).toMatch(/send to u1 failed/);
      await settle(clock, batcher.stop());
    });

    it('keeps the six counters of the design and the extra ones', async () => {
      const { clock, services, batcher } = makeHarness({ timerMode, debounceTimeoutMs: 100, sweepIntervalMs: 1000 });
      services.sendMs = 10;
      batcher.start();
      batcher.markUserAsDirty('a', { reason: 'viewport_change' });
      batcher.markUserAsDirty('a', { reason: 'viewport_change' });
      batcher.markUserAsDirty('b', { reason: 'viewport_change' });
      expect(batcher.getStats()).toMatchObject({ currentDirtyUsers: 2, currentActiveTimers: 2, maxDirtyUsers: 2 });
      await clock.advanceBy(105);
      expect(batcher.getStats()).toMatchObject({ currentDirtyUsers: 0, currentActiveTimers: 0, currentInFlight: 2 });
      await clock.advanceBy(1000);
      expect(batcher.getStats()).toEqual({
        totalUsersMarkedDirty: 3,
        totalUsersProcessed: 2,
        totalDebounceTimersFired: 2,
        totalSweeperRuns: 1,
        currentDirtyUsers: 0,
        currentActiveTimers: 0,
        totalBatchesProcessed: 0,
        totalProcessingErrors: 0,
        totalRetries: 0,
        totalDuplicateProcessingsAvoided: 0,
        totalSweepsSkipped: 0,
        currentInFlight: 0,
        maxDirtyUsers: 2,
        maxActiveTimers: 2,
      });
      await settle(clock, batcher.stop());
    });
  });

  describe('input checks', () => {
    it('rejects a mark without a usable user id, reason or timestamp, naming the value', () => {
      const { batcher } = makeHarness({ timerMode });
      expect(() => batcher.markUserAsDirty('', { reason: 'viewport_change' })).toThrow(/non-empty string, got ""/);
      expect(() => batcher.markUserAsDirty('u', { reason: 'panned' as never })).toThrow(/reason must be one of .* got "panned"/);
      expect(() => batcher.markUserAsDirty('u', { reason: 'viewport_change', timestamp: Number.NaN })).toThrow(
        /timestamp must be a finite number of ms, got NaN/,
      );
      expect(batcher.getStats().totalUsersMarkedDirty).toBe(0);
    });

    it('rejects missing services, naming them', () => {
      const clock = new VirtualClock();
      const services = makeHarness().services;
      expect(
        () =>
          new HybridUserUpdateBatcher({
            clock,
            userStateService: services.userState,
            eventCacheService: { getAllEvents: () => [] } as never,
            eventFilteringService: services.filtering,
          }),
      ).toThrow(/eventCacheService has no getEventsInViewport\(\) method/);
    });
  });
});
