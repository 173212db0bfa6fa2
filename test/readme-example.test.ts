/**
 * The library example of the README, run as written (on the virtual clock instead of the real one),
 * so the README never shows code that does not work. Keep the two in step.
 */
import { describe, expect, it } from 'vitest';
import { HybridUserUpdateBatcher, RealClock, VirtualClock } from '../src/index.js';
import type { Clock, EventCacheService, EventFilteringService, UserStateService, Viewport } from '../src/index.js';

describe('the README library example', () => {
  it('debounces an isolated change, sweeps a busy user, and flushes on stop', async () => {
    const sent: { userId: string; events: readonly string[]; atMs: number }[] = [];
    const makeBatcher = (clock: Clock) => {
      // --- as in the README ---
      const viewports = new Map<string, Viewport>();
      const userState: UserStateService<string> = {
        getUserViewport: (userId) => viewports.get(userId) ?? null,
        getUserFilters: () => [],
      };
      const eventCache: EventCacheService<string> = {
        getEventsInViewport: () => ['event-1', 'event-2'],
        getAllEvents: () => ['event-1', 'event-2', 'event-3'],
      };
      const filtering: EventFilteringService<string, string> = {
        async calculateAndSendDiff(userId, events) {
          sent.push({ userId, events, atMs: clock.now() });
        },
      };
      const batcher = new HybridUserUpdateBatcher(
        { clock, userStateService: userState, eventCacheService: eventCache, eventFilteringService: filtering },
        { debounceTimeoutMs: 200, sweepIntervalMs: 5000, maxBatchSize: 100 },
      );
      batcher.start();
      viewports.set('user-123', { minX: 2.2, minY: 48.8, maxX: 2.5, maxY: 48.9 });
      batcher.markUserAsDirty('user-123', { reason: 'viewport_change' });
      // --- end of the README part ---
      return batcher;
    };
    expect(new RealClock()).toBeDefined();
    const clock = new VirtualClock();
    const batcher = makeBatcher(clock);
    await clock.advanceBy(199);
    expect(sent).toEqual([]);
    await clock.advanceBy(1);
    expect(sent).toEqual([{ userId: 'user-123', events: ['event-1', 'event-2'], atMs: 200 }]);

    // A user marked every 100 ms never ends its debounce window: the sweeper serves it at 5 s.
    for (let t = 0; t < 5000; t += 100) {
      batcher.markUserAsDirty('panner', { reason: 'viewport_change' });
      await clock.advanceBy(100);
    }
    expect(sent.filter((s) => s.userId === 'panner').map((s) => s.atMs)).toEqual([5000]);
    expect(sent.at(-1)!.events).toEqual(['event-1', 'event-2', 'event-3']);

    batcher.markUserAsDirty('late', { reason: 'filter_change' });
    const stopped = batcher.stop();
    await clock.runAll();
    await stopped;
    expect(sent.at(-1)!.userId).toBe('late');
    expect(batcher.getStats()).toMatchObject({ currentDirtyUsers: 0, currentActiveTimers: 0, totalSweeperRuns: 1 });
  });
});
