/**
 * The batcher's settings: the optional form callers write, and the fully defaulted form the batcher
 * runs on. `resolveBatcherConfig` is the one place that fills defaults and rejects bad values, so the
 * rest of the batcher never sees an optional or invalid setting.
 */

export type TimerMode = 'wheel' | 'per-user';
export const TIMER_MODES: readonly TimerMode[] = ['wheel', 'per-user'];

/**
 * How a sweep processes the users of one batch: `parallel` starts them all in the same turn and awaits
 * them together (the batch size bounds the concurrency); `sequential` awaits each user before the
 * next, as the design note's `for ... await` loop did.
 */
export type SweepBatchMode = 'parallel' | 'sequential';
export const SWEEP_BATCH_MODES: readonly SweepBatchMode[] = ['parallel', 'sequential'];

export interface HybridUserUpdateBatcherConfig {
  /** A user is processed this long after its last mark. Default 200. */
  debounceTimeoutMs?: number;
  /** Every dirty user is processed at least this often. Default 5000. */
  sweepIntervalMs?: number;
  /** Users per sweep batch; the sweep yields to the event loop between batches. Default 100. */
  maxBatchSize?: number;
  /** false: each mark is processed at once (bounded by maxConcurrentProcessing). Default true. */
  enableBatching?: boolean;
  /** With batching disabled, the most processings in flight at once. Default 16. */
  maxConcurrentProcessing?: number;
  /** `wheel` (default): one clock timer for every user; `per-user`: the design's timer per user. */
  timerMode?: TimerMode;
  /** Per-user debounce windows. Default true; false gives the sweep-only strategy. */
  debounceEnabled?: boolean;
  /** The periodic sweeper. Default true; false gives the debounce-only strategies. */
  sweepEnabled?: boolean;
  /**
   * Caps debounce windows as lodash's `debounce(fn, debounceTimeoutMs, { maxWait })` does: a user
   * marked without pause is processed about every maxWaitMs. Default: none. Like lodash, a value
   * below debounceTimeoutMs acts as debounceTimeoutMs. Ignored without debounce windows.
   */
  maxWaitMs?: number;
  /** See SweepBatchMode. Default `parallel`. */
  sweepBatchMode?: SweepBatchMode;
}

export interface ResolvedBatcherConfig {
  readonly debounceTimeoutMs: number;
  readonly sweepIntervalMs: number;
  readonly maxBatchSize: number;
  readonly enableBatching: boolean;
  readonly maxConcurrentProcessing: number;
  readonly timerMode: TimerMode;
  readonly debounceEnabled: boolean;
  readonly sweepEnabled: boolean;
  /** Infinity when there is no maximum wait; otherwise at least debounceTimeoutMs. */
  readonly maxWaitMs: number;
  readonly sweepBatchMode: SweepBatchMode;
}

export const DEFAULT_BATCHER_CONFIG: ResolvedBatcherConfig = {
  debounceTimeoutMs: 200,
  sweepIntervalMs: 5000,
  maxBatchSize: 100,
  enableBatching: true,
  maxConcurrentProcessing: 16,
  timerMode: 'wheel',
  debounceEnabled: true,
  sweepEnabled: true,
  maxWaitMs: Number.POSITIVE_INFINITY,
  sweepBatchMode: 'parallel',
};

/** Keys accepted besides the settings: `strategy` lets callers pass a scenario's batcher block as is. */
const IGNORED_KEYS = new Set(['strategy']);

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  return typeof value;
}

function positiveMs(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') {
    throw new TypeError(`batcher setting ${name} must be a number of milliseconds, got ${describe(value)}`);
  }
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`batcher setting ${name} must be a finite number of milliseconds > 0, got ${describe(value)}`);
  }
  return value;
}

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') {
    throw new TypeError(`batcher setting ${name} must be an integer >= 1, got ${describe(value)}`);
  }
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`batcher setting ${name} must be an integer >= 1, got ${describe(value)}`);
  }
  return value;
}

function flag(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new TypeError(`batcher setting ${name} must be true or false, got ${describe(value)}`);
  }
  return value;
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) {
    throw new RangeError(
      `batcher setting ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(value)}`,
    );
  }
  return found;
}

/** Fills every default and validates every value; throws a TypeError/RangeError naming the setting. */
export function resolveBatcherConfig(config: HybridUserUpdateBatcherConfig = {}): ResolvedBatcherConfig {
  if (typeof config !== 'object' || config === null) {
    throw new TypeError(`the batcher config must be an object, got ${describe(config)}`);
  }
  const known = new Set<string>(Object.keys(DEFAULT_BATCHER_CONFIG));
  for (const key of Object.keys(config)) {
    if (!known.has(key) && !IGNORED_KEYS.has(key)) {
      throw new RangeError(`unknown batcher setting ${key}; expected one of ${[...known].join(', ')}`);
    }
  }
  const d = DEFAULT_BATCHER_CONFIG;
  const debounceTimeoutMs = positiveMs('debounceTimeoutMs', config.debounceTimeoutMs, d.debounceTimeoutMs);
  const rawMaxWait = config.maxWaitMs;
  let maxWaitMs = d.maxWaitMs;
  if (rawMaxWait !== undefined && rawMaxWait !== Number.POSITIVE_INFINITY) {
    maxWaitMs = Math.max(positiveMs('maxWaitMs', rawMaxWait, d.maxWaitMs), debounceTimeoutMs);
  }
  const resolved: ResolvedBatcherConfig = {
    debounceTimeoutMs,
    sweepIntervalMs: positiveMs('sweepIntervalMs', config.sweepIntervalMs, d.sweepIntervalMs),
    maxBatchSize: positiveInteger('maxBatchSize', config.maxBatchSize, d.maxBatchSize),
    enableBatching: flag('enableBatching', config.enableBatching, d.enableBatching),
    maxConcurrentProcessing: positiveInteger(
      'maxConcurrentProcessing',
      config.maxConcurrentProcessing,
      d.maxConcurrentProcessing,
    ),
    timerMode: oneOf('timerMode', config.timerMode, TIMER_MODES, d.timerMode),
    debounceEnabled: flag('debounceEnabled', config.debounceEnabled, d.debounceEnabled),
    sweepEnabled: flag('sweepEnabled', config.sweepEnabled, d.sweepEnabled),
    maxWaitMs,
    sweepBatchMode: oneOf('sweepBatchMode', config.sweepBatchMode, SWEEP_BATCH_MODES, d.sweepBatchMode),
  };
  if (resolved.enableBatching && !resolved.debounceEnabled && !resolved.sweepEnabled) {
    throw new RangeError(
      'batcher settings debounceEnabled and sweepEnabled are both false: with batching enabled nothing would ever ' +
        'process a marked user; enable one of them or set enableBatching: false',
    );
  }
  return Object.freeze(resolved);
}
