/** The batcher's public API: the class, its strategies, settings, stats and service ports. */
export { HybridUserUpdateBatcher } from './hybrid-user-update-batcher.js';
export type { HybridUserUpdateBatcherDeps } from './hybrid-user-update-batcher.js';
export { createBatcher, strategyConfig, STRATEGY_NAMES } from './strategies.js';
export type { StrategyName, StrategyBatcherConfig, UserUpdateBatcher } from './strategies.js';
export { resolveBatcherConfig, DEFAULT_BATCHER_CONFIG, TIMER_MODES, SWEEP_BATCH_MODES } from './config.js';
export type { HybridUserUpdateBatcherConfig, ResolvedBatcherConfig, TimerMode, SweepBatchMode } from './config.js';
export type { BatcherStats } from './stats.js';
export { MARK_REASONS } from './ports.js';
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
} from './ports.js';
