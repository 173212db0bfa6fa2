/**
 * A deliberately faulty batcher for oracle tests: its sweep empties the dirty set up front, processes
 * the first batch, then recomputes "the rest" from the live dirty set, which no longer holds the
 * users it took: every still-dirty user beyond the first batch is dropped. (The field notes' defect 1,
 * made permanent.) It reports processings to an observer like the real batcher.
 */
import type {
  BatcherObserver,
  EventCacheService,
  EventFilteringService,
  MarkOptions,
  UserStateService,
} from '../../../src/batcher/ports.js';
import type { Clock, TimerHandle } from '../../../src/clock/clock.js';

export interface LeakySweeperDeps {
  clock: Clock;
  userStateService: UserStateService;
  eventCacheService: EventCacheService;
  eventFilteringService: EventFilteringService;
  observer?: BatcherObserver;
}

export class LeakySweeper {
  private readonly dirty = new Map<string, number>();
  private timer: TimerHandle | null = null;

  constructor(
    private readonly deps: LeakySweeperDeps,
    private readonly sweepIntervalMs: number,
    private readonly maxBatchSize: number,
  ) {}

  start(): void {
    this.timer = this.deps.clock.setInterval(() => this.sweep(), this.sweepIntervalMs);
  }

  async stop(): Promise<void> {
    this.deps.clock.clearInterval(this.timer);
    await this.sweep();
  }

  async forceProcessBatch(): Promise<void> {
    await this.sweep();
  }

  markUserAsDirty(userId: string, options: MarkOptions): void {
    if (!this.dirty.has(userId)) this.dirty.set(userId, options.timestamp ?? this.deps.clock.now());
  }

  removeUser(userId: string): void {
    this.dirty.delete(userId);
  }

  private async sweep(): Promise<void> {
    const taken = [...this.dirty.keys()];
    this.dirty.clear();
    await this.process(taken.slice(0, this.maxBatchSize));
    // The defect: "the rest" comes from the live set, which lost everything taken above.
    const rest = [...this.dirty.keys()].slice(this.maxBatchSize);
    for (const userId of rest) this.dirty.delete(userId);
    await this.process(rest);
  }

  private async process(userIds: string[]): Promise<void> {
    const { clock, userStateService, eventCacheService, eventFilteringService, observer } = this.deps;
    for (const userId of userIds) {
      const startedAtMs = clock.now();
      const start = { userId, trigger: 'sweep' as const, firstMarkAtMs: startedAtMs, lastMarkAtMs: startedAtMs, markCount: 1, reasons: [], startedAtMs };
      observer?.onProcessingStart?.(start);
      let outcome: 'sent' | 'failed' = 'sent';
      try {
        const viewport = (await userStateService.getUserViewport(userId)) ?? null;
        const filters = await userStateService.getUserFilters(userId);
        const events = viewport ? await eventCacheService.getEventsInViewport(viewport) : await eventCacheService.getAllEvents();
        await eventFilteringService.calculateAndSendDiff(userId, events, viewport, filters);
      } catch {
        outcome = 'failed';
      }
      observer?.onProcessingEnd?.({ ...start, endedAtMs: clock.now(), outcome });
    }
  }
}
