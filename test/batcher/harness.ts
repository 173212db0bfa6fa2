/**
 * A small world for batcher tests: services that record every call, take a chosen time on the clock,
 * fail on demand and notice overlapping processings of one user; an observer that keeps every record.
 */
import { sleepOn, VirtualClock } from '../../src/clock/index.js';
import type { Clock } from '../../src/clock/index.js';
import { HybridUserUpdateBatcher } from '../../src/batcher/hybrid-user-update-batcher.js';
import type { HybridUserUpdateBatcherConfig } from '../../src/batcher/config.js';
import type {
  BatcherObserver,
  EventCacheService,
  EventFilteringService,
  ProcessingRecord,
  ProcessingStart,
  UserStateService,
  Viewport,
} from '../../src/batcher/ports.js';

export interface DiffCall {
  userId: string;
  events: readonly string[];
  viewport: Viewport | null;
  filters: readonly string[];
  atMs: number;
}

export class FakeServices {
  readonly viewports = new Map<string, Viewport>();
  readonly diffCalls: DiffCall[] = [];
  readonly viewportReads: string[] = [];
  readonly allEventsReads: number[] = [];
  /** Time each calculateAndSendDiff takes on the clock (0: resolves without a timer). */
  sendMs = 0;
  /** Per-user send time, overriding sendMs. */
  readonly sendMsByUser = new Map<string, number>();
  /** Users whose next N sends fail. */
  private readonly failNext = new Map<string, number>();
  /** When set, every send fails. */
  failAll = false;
  readonly inFlight = new Map<string, number>();
  maxInFlightTotal = 0;
  private inFlightTotal = 0;
  overlaps: string[] = [];

  constructor(readonly clock: Clock) {}

  failNextSends(userId: string, count = 1): void {
    this.failNext.set(userId, (this.failNext.get(userId) ?? 0) + count);
  }

  readonly userState: UserStateService<string> = {
    getUserViewport: (userId) => {
      this.viewportReads.push(userId);
      return this.viewports.get(userId) ?? null;
    },
    getUserFilters: async (userId) => [`filter-of-${userId}`],
  };

  readonly eventCache: EventCacheService<string> = {
    getEventsInViewport: (viewport) => [`in-${viewport.minX}`],
    getAllEvents: async () => {
      this.allEventsReads.push(this.clock.now());
      return ['global-1', 'global-2'];
    },
  };

  readonly filtering: EventFilteringService<string, string> = {
    calculateAndSendDiff: async (userId, events, viewport, filters) => {
      const running = (this.inFlight.get(userId) ?? 0) + 1;
      this.inFlight.set(userId, running);
      if (running > 1) this.overlaps.push(userId);
      this.inFlightTotal++;
      if (this.inFlightTotal > this.maxInFlightTotal) this.maxInFlightTotal = this.inFlightTotal;
      this.diffCalls.push({ userId, events, viewport, filters, atMs: this.clock.now() });
      try {
        const ms = this.sendMsByUser.get(userId) ?? this.sendMs;
        if (ms > 0) await sleepOn(this.clock, ms);
        const failures = this.failNext.get(userId) ?? 0;
        if (failures > 0) {
          this.failNext.set(userId, failures - 1);
          throw new Error(`send to ${userId} failed`);
        }
        if (this.failAll) throw new Error(`send to ${userId} failed`);
      } finally {
        this.inFlight.set(userId, (this.inFlight.get(userId) ?? 1) - 1);
        this.inFlightTotal--;
      }
    },
  };

  sentTo(userId: string): DiffCall[] {
    return this.diffCalls.filter((call) => call.userId === userId);
  }
}

export class RecordingObserver implements BatcherObserver {
  readonly starts: ProcessingStart[] = [];
  readonly ends: ProcessingRecord[] = [];

  onProcessingStart(start: ProcessingStart): void {
    this.starts.push(start);
  }

  onProcessingEnd(record: ProcessingRecord): void {
    this.ends.push(record);
  }

  endsFor(userId: string): ProcessingRecord[] {
    return this.ends.filter((record) => record.userId === userId);
  }
}

export interface Harness {
  clock: VirtualClock;
  services: FakeServices;
  observer: RecordingObserver;
  batcher: HybridUserUpdateBatcher<string, string>;
}

export function makeHarness(config: HybridUserUpdateBatcherConfig = {}, clock = new VirtualClock()): Harness {
  const services = new FakeServices(clock);
  const observer = new RecordingObserver();
  const batcher = new HybridUserUpdateBatcher<string, string>(
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

/**
 * Runs the virtual clock until the promise settles, and returns its value. Fails (instead of hanging)
 * when the clock has nothing left to run and the promise is still pending.
 */
const realSetImmediate = globalThis.setImmediate;

export function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

export async function settle<T>(clock: VirtualClock, promise: Promise<T>): Promise<T> {
  let done = false;
  let failed = false;
  let value: T | undefined;
  let error: unknown;
  promise.then(
    (v) => {
      done = true;
      value = v;
    },
    (e: unknown) => {
      done = true;
      failed = true;
      error = e;
    },
  );
  // The promise was created outside any clock callback, so the clock has not drained its microtasks
  // yet: a timer they are about to schedule must exist before the clock picks its next callback.
  await drainMicrotasks();
  while (!done) {
    const ran = await clock.runNext();
    if (!ran && !done) {
      // Nothing scheduled: let pure promise chains finish (one real turn, not a sleep) before giving up.
      await drainMicrotasks();
      if (!done && clock.pendingCount() === 0) {
        throw new Error('deadlock: the promise is pending and the virtual clock has nothing to run');
      }
    }
  }
  if (failed) throw error;
  return value as T;
}
