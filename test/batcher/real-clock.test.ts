/**
 * The same batcher on Node's own timers: one short run with generous bounds (no sleeps: the test
 * waits for the batcher's own processings to end).
 */
import { describe, expect, it } from 'vitest';
import { RealClock } from '../../src/clock/index.js';
import type { TimerMode } from '../../src/batcher/config.js';
import { HybridUserUpdateBatcher } from '../../src/batcher/hybrid-user-update-batcher.js';
import type { ProcessingRecord } from '../../src/batcher/ports.js';

describe.each<TimerMode>(['wheel', 'per-user'])('HybridUserUpdateBatcher on RealClock (timerMode %s)', (timerMode) => {
  it('debounces, sweeps and stops cleanly on real time', async () => {
    const clock = new RealClock({ keepsProcessAlive: false });
    const ended: ProcessingRecord[] = [];
    let allDone: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      allDone = resolve;
    });
    const batcher = new HybridUserUpdateBatcher(
      {
        clock,
        userStateService: { getUserViewport: () => null, getUserFilters: async () => [] },
        eventCacheService: { getEventsInViewport: () => [], getAllEvents: async () => ['e1'] },
        eventFilteringService: { calculateAndSendDiff: async () => undefined },
        observer: {
          onProcessingEnd: (record) => {
            ended.push(record);
            if (ended.length === 2) allDone();
          },
        },
      },
      { timerMode, debounceTimeoutMs: 30, sweepIntervalMs: 100 },
    );
    batcher.start();
    const markedAt = clock.now();
    batcher.markUserAsDirty('quiet', { reason: 'viewport_change' });
    // A user marked every 10 ms never sees its window end: the sweeper serves it.
    const panner = setInterval(() => batcher.markUserAsDirty('panner', { reason: 'viewport_change' }), 10);
    try {
      await done;
    } finally {
      clearInterval(panner);
    }
    const quiet = ended.find((r) => r.userId === 'quiet')!;
    const panned = ended.find((r) => r.userId === 'panner')!;
    expect(quiet.trigger).toBe('debounce');
    expect(quiet.startedAtMs - markedAt).toBeGreaterThanOrEqual(29);
    expect(quiet.startedAtMs - markedAt).toBeLessThan(1000);
    expect(panned.trigger).toBe('sweep');
    expect(panned.startedAtMs - markedAt).toBeLessThan(1000);
    await batcher.stop();
    expect(batcher.getStats()).toMatchObject({ currentDirtyUsers: 0, currentInFlight: 0, currentActiveTimers: 0 });
  });
});
