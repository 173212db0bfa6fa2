/** The public API of batcher-sim: the batcher, its clocks and its service ports. */
export * from './clock/index.js';
export type {
  Viewport,
  MaybePromise,
  UserStateService,
  EventCacheService,
  EventFilteringService,
  MarkReason,
  MarkOptions,
  ProcessingTrigger,
  ProcessingStart,
  ProcessingRecord,
  BatcherObserver,
} from './batcher/ports.js';
export { MARK_REASONS } from './batcher/ports.js';
