/**
 * The batcher's view of the world: the three service ports of the design, the reasons a user is
 * marked, and what the batcher tells an observer about each processing. A production service
 * implements the ports over Redis and WebSockets; the simulator implements them over its world.
 */

/** A map viewport in degrees: west lng, south lat, east lng, north lat. */
export interface Viewport {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export type MaybePromise<T> = T | Promise<T>;

export interface UserStateService<TFilter = unknown> {
  /** The user's viewport, or null/undefined when the user has none yet (global feed). */
  getUserViewport(userId: string): MaybePromise<Viewport | null | undefined>;
  getUserFilters(userId: string): MaybePromise<readonly TFilter[]>;
}

export interface EventCacheService<TEvent = unknown> {
  getEventsInViewport(viewport: Viewport): MaybePromise<readonly TEvent[]>;
  getAllEvents(): MaybePromise<readonly TEvent[]>;
}

export interface EventFilteringService<TEvent = unknown, TFilter = unknown> {
  /** Filters, ranks and sends what changed for the user. Rejects when the send failed. */
  calculateAndSendDiff(
    userId: string,
    events: readonly TEvent[],
    viewport: Viewport | null,
    filters: readonly TFilter[],
  ): Promise<void>;
}

export const MARK_REASONS = ['viewport_change', 'filter_change', 'initial_request', 'event_update'] as const;
export type MarkReason = (typeof MARK_REASONS)[number];

export interface MarkOptions {
  reason: MarkReason;
  /** When the change behind the mark happened (ms on the batcher's clock). Default: now. */
  timestamp?: number;
  eventId?: string;
}

/** What started a processing. */
export type ProcessingTrigger = 'debounce' | 'sweep' | 'force' | 'immediate' | 'stop' | 'retry';

export interface ProcessingStart {
  userId: string;
  trigger: ProcessingTrigger;
  /** The oldest mark this processing covers (its timestamp). */
  firstMarkAtMs: number;
  /** The newest mark this processing covers. */
  lastMarkAtMs: number;
  /** How many marks coalesced into this processing. */
  markCount: number;
  /** The distinct reasons of those marks, in the order first seen. */
  reasons: readonly MarkReason[];
  startedAtMs: number;
}

export interface ProcessingRecord extends ProcessingStart {
  endedAtMs: number;
  outcome: 'sent' | 'failed';
  error?: unknown;
}

/** Hooks for a simulator or a metrics exporter. They must not throw; they are called synchronously. */
export interface BatcherObserver {
  onProcessingStart?(start: ProcessingStart): void;
  onProcessingEnd?(record: ProcessingRecord): void;
}
