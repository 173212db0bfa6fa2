/**
 * The scenario's batcher block as the batcher takes it, and as the summary reports it.
 */
import type { HybridUserUpdateBatcherConfig, ResolvedBatcherConfig } from '../batcher/config.js';
import type { ResolvedBatcherSettings } from '../scenario/resolved.js';

export function batcherConfigOf(settings: ResolvedBatcherSettings): HybridUserUpdateBatcherConfig {
  return {
    debounceTimeoutMs: settings.debounceTimeoutMs,
    sweepIntervalMs: settings.sweepIntervalMs,
    maxBatchSize: settings.maxBatchSize,
    enableBatching: settings.enableBatching,
    maxConcurrentProcessing: settings.maxConcurrentProcessing,
    timerMode: settings.timerMode,
    sweepBatchMode: settings.sweepBatchMode,
    // Only debounce-maxwait has a maximum wait; the strategy drops it for the others.
    maxWaitMs: settings.maxWaitMs,
  };
}

/** The settings in force, by name, JSON-safe (no maximum wait reads as null). */
export function settingsInForce(
  strategy: string,
  config: ResolvedBatcherConfig,
): Record<string, number | boolean | string | null> {
  const settings: Record<string, number | boolean | string | null> = { strategy };
  for (const [key, value] of Object.entries(config)) {
    if (typeof value === 'number') settings[key] = Number.isFinite(value) ? value : null;
    else if (typeof value === 'boolean' || typeof value === 'string') settings[key] = value;
  }
  return settings;
}
