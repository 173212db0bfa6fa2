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
      { timerMode, debounceTimeoutMs: 60, sweepIntervalMs: 150 },
    );
    batcher.start();
    const markedAt = clock.now();
    batcher.markUserAsDirty('quiet', { reason: 'viewport_change' });
    // A user marked every 5 ms never sees its 60 ms window end (unless the machine stalls the loop
    // for that long): the sweeper serves it.
    const panner = setInterval(() => batcher.markUserAsDirty('panner', { reason: 'viewport_change' }), 5);
    try {
      await done;
    } finally {
      clearInterval(panner);
    }
    const quiet = ended.find((r) => r.userId === 'quiet')!;
    const panned = ended.find((r) => r.userId === 'panner')!;
    expect(quiet.trigger).toBe('debounce');
    // Node's timers may fire up to a millisecond before performance.now() says the delay is over.
    expect(quiet.startedAtMs - markedAt).toBeGreaterThanOrEqual(58);
    expect(quiet.startedAtMs - markedAt).toBeLessThan(1000);
    expect(panned.trigger).toBe('sweep');
    expect(panned.startedAtMs - markedAt).toBeLessThan(1000);
    await batcher.stop();
    expect(batcher.getStats()).toMatchObject({ currentDirtyUsers: 0, currentInFlight: 0, currentActiveTimers: 0 });
  });
});
