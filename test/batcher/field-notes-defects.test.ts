/**
 * One regression test per defect of the original implementation (field-notes.md, "Known defects"),
 * for both timer forms.
 */
import { describe, expect, it } from 'vitest';
import type { TimerMode } from '../../src/batcher/config.js';
import { drainMicrotasks, makeHarness, settle } from './harness.js';

describe.each<TimerMode>(['wheel', 'per-user'])('field-notes defects (timerMode %s)', (timerMode) => {
  it('defect 1: a sweep with several batches skips no still-dirty user', async () => {
    const { clock, services, batcher, observer } = makeHarness({
      timerMode,
      debounceTimeoutMs: 60_000,
      sweepIntervalMs: 1000,
      maxBatchSize: 3,
    });
    services.sendMs = 10;
    batcher.start();
    const ids = Array.from({ length: 10 }, (_, i) => `u${i}`);
    for (const id of ids) batcher.markUserAsDirty(id, { reason: 'event_update' });
    await clock.advanceBy(1000);
    // While the first batch is in flight, the live dirty set shrinks: "the rest" must not be recomputed from it.
    expect(batcher.getStats().currentDirtyUsers).toBe(7);
    await clock.advanceBy(100);
    expect(observer.ends.filter((e) => e.trigger === 'sweep').map((e) => e.userId)).toEqual(ids);
    expect(batcher.getStats()).toMatchObject({ currentDirtyUsers: 0, totalBatchesProcessed: 4, totalSweeperRuns: 1 });
    await settle(clock, batcher.stop());
  });

  it('defect 2: a user its own timer processed while a sweep listing it runs is not processed again', async () => {
    const { clock, services, batcher, observer } = makeHarness({
      timerMode,
      debounceTimeoutMs: 200,
      sweepIntervalMs: 1000,
      maxBatchSize: 1,
    });
    services.sendMsByUser.set('x', 100);
    services.sendMsByUser.set('y', 100);
    services.sendMsByUser.set('late', 100);
    batcher.start();
    await clock.advanceBy(810);
    batcher.markUserAsDirty('x', { reason: 'viewport_change' });
    batcher.markUserAsDirty('y', { reason: 'viewport_change' });
    await clock.advanceBy(60);
    batcher.markUserAsDirty('a', { reason: 'viewport_change' }); // window ends at 1070, mid-sweep
    batcher.markUserAsDirty('late', { reason: 'viewport_change' }); // window ends at 1070 too
    await clock.advanceBy(120);
    batcher.markUserAsDirty('x', { reason: 'viewport_change' }); // x and y: windows end only at 1190
    batcher.markUserAsDirty('y', { reason: 'viewport_change' });
    // The sweep at 1000 lists x, y, a, late, one per batch: x 1000-1100, y 1100-1200, then a, then late.
    // a's own window processes it at 1070 while x is in flight: the sweep must not process it again.
    await clock.advanceBy(160); // 1150: 'late' was processed at 1070 and is in flight until 1170
    batcher.markUserAsDirty('late', { reason: 'event_update' });
    await clock.advanceBy(2000);
    expect(observer.endsFor('a').map((e) => [e.trigger, e.startedAtMs])).toEqual([['debounce', 1070]]);
    // 'late' was marked during its flight: that mark is not covered by the 1070 processing, so it goes again.
    expect(observer.endsFor('late').map((e) => [e.trigger, e.markCount, e.reasons])).toEqual([
      ['debounce', 1, ['viewport_change']],
      ['sweep', 1, ['event_update']],
    ]);
    expect(batcher.getStats().totalDuplicateProcessingsAvoided).toBe(1);
    expect(services.overlaps).toEqual([]);
    await settle(clock, batcher.stop());
  });

  it('defect 2: a user marked while its processing is in flight is processed again after it', async () => {
    const { clock, services, batcher, observer } = makeHarness({ timerMode, debounceTimeoutMs: 200 });
    services.sendMs = 100;
    batcher.start();
    batcher.markUserAsDirty('u', { reason: 'viewport_change' });
    await clock.advanceBy(250); // in flight from 200 to 300
    batcher.markUserAsDirty('u', { reason: 'filter_change' });
    await clock.advanceBy(1000);
    expect(observer.endsFor('u').map((e) => [e.startedAtMs, e.firstMarkAtMs, e.reasons])).toEqual([
      [200, 0, ['viewport_change']],
      [450, 250, ['filter_change']],
    ]);
    expect(services.overlaps).toEqual([]);
    await settle(clock, batcher.stop());
  });

  it('defect 2: a window that ends during the flight is served as soon as the flight ends, not during it', async () => {
    const { clock, services, batcher, observer } = makeHarness({ timerMode, debounceTimeoutMs: 20 });
    services.sendMs = 100;
    batcher.start();
    batcher.markUserAsDirty('u', { reason: 'viewport_change' });
    await clock.advanceBy(50); // in flight from 20 to 120; this mark's window ends at 70
    batcher.markUserAsDirty('u', { reason: 'viewport_change' });
    await clock.advanceBy(500);
    expect(observer.endsFor('u').map((e) => [e.startedAtMs, e.endedAtMs])).toEqual([
      [20, 120],
      [120, 220],
    ]);
    expect(services.overlaps).toEqual([]);
    await settle(clock, batcher.stop());
  });

  it('defect 3: never two sweeps at once; a tick during a long sweep is skipped and folded into it', async () => {
    const { clock, services, batcher, observer } = makeHarness({
      timerMode,
      debounceTimeoutMs: 60_000,
      sweepIntervalMs: 100,
      maxBatchSize: 1,
    });
    services.sendMs = 80;
    batcher.start();
    for (const id of ['a', 'b', 'c', 'd', 'e']) batcher.markUserAsDirty(id, { reason: 'event_update' });
    await clock.advanceBy(150);
    batcher.markUserAsDirty('f', { reason: 'event_update' }); // after the first round's snapshot
    await clock.advanceBy(1000);
    const sweepStarts = observer.starts.filter((s) => s.trigger === 'sweep');
    // One at a time: each sweep processing starts when the previous one ended.
    expect(sweepStarts.map((s) => [s.userId, s.startedAtMs])).toEqual([
      ['a', 100],
      ['b', 180],
      ['c', 260],
      ['d', 340],
      ['e', 420],
      ['f', 500],
    ]);
    const stats = batcher.getStats();
    expect(stats.totalSweepsSkipped).toBeGreaterThanOrEqual(4);
    expect(stats.currentDirtyUsers).toBe(0);
    await settle(clock, batcher.stop());
  });

  it('defect 3: continuous debounce activity never starves the sweeper', async () => {
    const { clock, services, batcher, observer } = makeHarness({
      timerMode,
      debounceTimeoutMs: 100,
      sweepIntervalMs: 1000,
    });
    services.sendMs = 30;
    batcher.start();
    // Busy users: some processing is in flight at every moment.
    const busy = clock.setInterval(() => {
      for (let i = 0; i < 5; i++) batcher.markUserAsDirty(`busy${clock.now() % 7}-${i}`, { reason: 'event_update' });
    }, 20);
    // A panning user whose debounce window never ends: only the sweeper can serve it.
    const markTimes: number[] = [];
    const panning = clock.setInterval(() => {
      markTimes.push(clock.now());
      batcher.markUserAsDirty('panner', { reason: 'viewport_change' });
    }, 50);
    await clock.advanceBy(5000);
    clock.clearInterval(busy);
    clock.clearInterval(panning);
    const starts = observer.starts.filter((s) => s.userId === 'panner');
    expect(starts.length).toBeGreaterThanOrEqual(4);
    expect(starts.every((s) => s.trigger === 'sweep')).toBe(true);
    // Every mark is served within one sweep interval plus the processing time of the work ahead of it.
    for (const markAt of markTimes) {
      const served = starts.find((s) => s.startedAtMs > markAt);
      if (served === undefined) continue; // marked after the last sweep of the run
      expect(served.startedAtMs - markAt).toBeLessThanOrEqual(1000 + 2 * services.sendMs);
    }
    expect(batcher.getStats().totalSweepsSkipped).toBe(0);
    await settle(clock, batcher.stop());
  });

  it('defect 4: a failed calculateAndSendDiff loses nothing: the user stays dirty and is retried', async () => {
    const { clock, services, batcher, observer } = makeHarness({
      timerMode,
      debounceTimeoutMs: 100,
      sweepIntervalMs: 60_000,
    });
    services.sendMs = 10;
    services.failNextSends('u', 2);
    batcher.start();
    batcher.markUserAsDirty('u', { reason: 'event_update', eventId: 'e1' });
    await clock.advanceBy(105);
    batcher.markUserAsDirty('u', { reason: 'viewport_change' }); // during the failing flight
    await clock.advanceBy(5);
    expect(batcher.getStats()).toMatchObject({ currentDirtyUsers: 1, totalProcessingErrors: 1, totalUsersProcessed: 0 });
    await clock.advanceBy(1000);
    expect(observer.endsFor('u').map((e) => [e.trigger, e.startedAtMs, e.outcome, e.firstMarkAtMs, e.markCount, e.reasons])).toEqual([
      ['debounce', 100, 'failed', 0, 1, ['event_update']],
      // Retried debounceTimeoutMs after the failure, with the mark made during the flight folded in.
      ['retry', 210, 'failed', 0, 2, ['event_update', 'viewport_change']],
      ['retry', 320, 'sent', 0, 2, ['event_update', 'viewport_change']],
    ]);
    expect(batcher.getStats()).toMatchObject({
      totalProcessingErrors: 2,
      totalRetries: 2,
      totalUsersProcessed: 1,
      currentDirtyUsers: 0,
      currentActiveTimers: 0,
    });
    await settle(clock, batcher.stop());
  });

  it('defect 4: a failed user that keeps being marked is retried by the next sweep', async () => {
    const { clock, services, batcher, observer } = makeHarness({
      timerMode,
      debounceTimeoutMs: 300,
      sweepIntervalMs: 1000,
    });
    services.failNextSends('u');
    await clock.advanceBy(500);
    batcher.start(); // sweeps at 1500, 2500, ...
    batcher.markUserAsDirty('u', { reason: 'event_update' });
    await clock.advanceBy(300); // fails at 800; retry would be at 1100
    batcher.markUserAsDirty('u', { reason: 'viewport_change' }); // a fresh window: 1100
    await clock.advanceBy(100);
    for (let t = 0; t < 6; t++) {
      await clock.advanceBy(100);
      batcher.markUserAsDirty('u', { reason: 'viewport_change' });
    }
    await clock.advanceBy(100);
    expect(observer.endsFor('u').map((e) => [e.trigger, e.startedAtMs, e.outcome])).toEqual([
      ['debounce', 800, 'failed'],
      ['sweep', 1500, 'sent'],
    ]);
    expect(batcher.getStats().totalRetries).toBe(1);
    await settle(clock, batcher.stop());
  });

  it('defect 5: stop() flushes every pending user and awaits the work in flight', async () => {
    const { clock, services, batcher, observer } = makeHarness({ timerMode, debounceTimeoutMs: 200, maxBatchSize: 2 });
    services.sendMs = 40;
    batcher.start();
    batcher.markUserAsDirty('inflight', { reason: 'viewport_change' });
    await clock.advanceBy(210); // 'inflight' runs from 200 to 240
    batcher.markUserAsDirty('inflight', { reason: 'filter_change' }); // not covered by that run
    for (const id of ['p1', 'p2', 'p3']) batcher.markUserAsDirty(id, { reason: 'event_update' });
    let stopped = false;
    const stopping = batcher.stop().then(() => {
      stopped = true;
    });
    // VirtualClock.advanceBy does not drain microtasks queued outside its callbacks before moving time.
    await drainMicrotasks();
    await clock.advanceBy(25);
    expect(stopped).toBe(false);
    await settle(clock, stopping);
    // The flush lists inflight, p1 | p2, p3: it waits for inflight's run, then serves its new mark.
    expect(observer.ends.map((e) => [e.userId, e.trigger, e.endedAtMs])).toEqual([
      ['inflight', 'debounce', 240],
      ['p1', 'stop', 250],
      ['inflight', 'stop', 280],
      ['p2', 'stop', 320],
      ['p3', 'stop', 320],
    ]);
    expect(clock.now()).toBe(320);
    expect(batcher.getStats()).toMatchObject({ currentDirtyUsers: 0, currentInFlight: 0, currentActiveTimers: 0 });
    expect(clock.pendingCount()).toBe(0);
  });

  it('defect 6: removeUser leaves no timer and no dirty entry', async () => {
    const { clock, services, batcher } = makeHarness({ timerMode, debounceTimeoutMs: 200, sweepIntervalMs: 1000 });
    batcher.start();
    batcher.markUserAsDirty('gone', { reason: 'viewport_change' });
    expect(batcher.getStats()).toMatchObject({ currentDirtyUsers: 1, currentActiveTimers: 1 });
    expect(batcher.removeUser('gone')).toBe(true);
    expect(batcher.removeUser('never-seen')).toBe(false);
    expect(batcher.getStats()).toMatchObject({ currentDirtyUsers: 0, currentActiveTimers: 0 });
    expect(clock.pendingCount()).toBe(1); // the sweeper's interval only
    await clock.advanceBy(3000);
    expect(services.diffCalls).toHaveLength(0);
    await settle(clock, batcher.stop());
  });

  it('defect 6: removing a user in flight drops its marks even if that processing fails', async () => {
    const { clock, services, batcher, observer } = makeHarness({ timerMode, debounceTimeoutMs: 100 });
    services.sendMs = 50;
    services.failNextSends('gone');
    batcher.start();
    batcher.markUserAsDirty('gone', { reason: 'viewport_change' });
    await clock.advanceBy(120);
    batcher.markUserAsDirty('gone', { reason: 'viewport_change' });
    batcher.removeUser('gone');
    await clock.advanceBy(1000);
    expect(observer.endsFor('gone').map((e) => e.outcome)).toEqual(['failed']);
    expect(batcher.getStats()).toMatchObject({ currentDirtyUsers: 0, currentActiveTimers: 0, totalProcessingErrors: 1 });
    // A user who comes back is a fresh user.
    batcher.markUserAsDirty('gone', { reason: 'initial_request' });
    await clock.advanceBy(200);
    expect(observer.endsFor('gone').map((e) => [e.outcome, e.markCount])).toEqual([
      ['failed', 1],
      ['sent', 1],
    ]);
    await settle(clock, batcher.stop());
  });

  it('defect 7: with enableBatching false, processings in flight never exceed maxConcurrentProcessing', async () => {
    const { clock, services, batcher, observer } = makeHarness({
      timerMode,
      enableBatching: false,
      maxConcurrentProcessing: 4,
    });
    services.sendMs = 10;
    batcher.start();
    for (let i = 0; i < 50; i++) batcher.markUserAsDirty(`u${i}`, { reason: 'event_update' });
    // Marks of a user already waiting coalesce into its one place in the queue.
    for (let i = 0; i < 50; i++) batcher.markUserAsDirty(`u${i}`, { reason: 'viewport_change' });
    expect(batcher.getStats().currentInFlight).toBe(4);
    await drainMicrotasks(); // see defect 5
    await clock.advanceBy(1000);
    expect(services.maxInFlightTotal).toBe(4);
    expect(observer.ends).toHaveLength(54); // 4 started at once, then re-marked during their flight
    expect(observer.starts.every((s) => s.trigger === 'immediate')).toBe(true);
    expect(Math.max(...observer.ends.map((e) => e.endedAtMs))).toBe(140);
    expect(batcher.getStats()).toMatchObject({ currentDirtyUsers: 0, currentInFlight: 0 });
    await settle(clock, batcher.stop());
  });
});
