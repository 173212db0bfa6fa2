/**
 * The batching strategies, selectable by name. Each is HybridUserUpdateBatcher configured
 * differently, so all share one processing path, one set of stats and one observer:
 * - hybrid: debounce windows plus the periodic sweeper (the design);
 * - debounce: debounce windows only, no sweeper (what came before the design);
 * - debounce-maxwait: debounce windows with a maximum wait per user, as lodash's debounce with maxWait;
 * - sweep: the periodic sweeper only;
 * - immediate: no batching; each mark is processed at once, with bounded concurrency.
 */
import type { StrategyName } from '../scenario/resolved.js';
import { STRATEGY_NAMES } from '../scenario/resolved.js';
import type { HybridUserUpdateBatcherConfig } from './config.js';
import { HybridUserUpdateBatcher } from './hybrid-user-update-batcher.js';
import type { HybridUserUpdateBatcherDeps } from './hybrid-user-update-batcher.js';
import type { UserUpdateBatcher } from './user-update-batcher.js';

export type { UserUpdateBatcher } from './user-update-batcher.js';
export type { StrategyName } from '../scenario/resolved.js';
export { STRATEGY_NAMES } from '../scenario/resolved.js';

/**
 * The settings a strategy fixes. They override what the caller passed, so a scenario's batcher block
 * (which carries every setting) can be handed over unchanged whatever its strategy.
 */
export function strategyConfig(
  strategy: StrategyName,
  config: HybridUserUpdateBatcherConfig = {},
): HybridUserUpdateBatcherConfig {
  switch (strategy) {
    case 'hybrid':
      return { ...config, debounceEnabled: true, sweepEnabled: true, maxWaitMs: undefined };
    case 'debounce':
      return { ...config, enableBatching: true, debounceEnabled: true, sweepEnabled: false, maxWaitMs: undefined };
    case 'debounce-maxwait':
      return {
        ...config,
        enableBatching: true,
        debounceEnabled: true,
        sweepEnabled: false,
        // Without a stated maximum wait, the sweep interval is the natural one: the promise the sweeper makes.
        maxWaitMs: config.maxWaitMs ?? config.sweepIntervalMs ?? 5000,
      };
    case 'sweep':
      return { ...config, enableBatching: true, debounceEnabled: false, sweepEnabled: true, maxWaitMs: undefined };
    case 'immediate':
      return { ...config, enableBatching: false, maxWaitMs: undefined };
    default: {
      const unknown: never = strategy;
      throw new RangeError(`unknown batcher strategy ${JSON.stringify(unknown)}; expected one of ${STRATEGY_NAMES.join(', ')}`);
    }
  }
}

/**
 * Settings as createBatcher takes them: a scenario's resolved batcher block fits as it is (its
 * `strategy` key is ignored; the strategy argument decides).
 */
export type StrategyBatcherConfig = HybridUserUpdateBatcherConfig & { strategy?: StrategyName };

/** A batcher for the named strategy. Throws a RangeError for an unknown name or a bad setting. */
export function createBatcher<TEvent = unknown, TFilter = unknown>(
  strategy: StrategyName,
  deps: HybridUserUpdateBatcherDeps<TEvent, TFilter>,
  config: StrategyBatcherConfig = {},
): UserUpdateBatcher {
  if (!(STRATEGY_NAMES as readonly string[]).includes(strategy)) {
    throw new RangeError(`unknown batcher strategy ${JSON.stringify(strategy)}; expected one of ${STRATEGY_NAMES.join(', ')}`);
  }
  const { strategy: _ignored, ...settings } = config;
  return new HybridUserUpdateBatcher(deps, strategyConfig(strategy, settings));
}
