/**
 * A scenario after loading, validation and defaulting: the one internal object the engine runs.
 * Users write the friendly YAML form; nothing downstream ever sees an optional setting.
 */
import type { ResolvedPhase } from '../workload/phase.js';
import type { SimulationSettings } from '../world/settings.js';

export const STRATEGY_NAMES = ['hybrid', 'debounce', 'debounce-maxwait', 'sweep', 'immediate'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export interface ResolvedBatcherSettings {
  strategy: StrategyName;
  debounceTimeoutMs: number;
  sweepIntervalMs: number;
  maxBatchSize: number;
  enableBatching: boolean;
  /** Only for `debounce-maxwait`: the longest a user waits after its first pending mark. */
  maxWaitMs: number;
  /** With batching disabled: how many processings may be in flight at once. */
  maxConcurrentProcessing: number;
  /** `wheel`: one clock timer for all users (the fast form); `per-user`: a clock timer per user (literal design). */
  timerMode: 'wheel' | 'per-user';
  /** How a sweep batch runs its users: all at once (`parallel`) or one after another, as the design's loop. */
  sweepBatchMode: 'parallel' | 'sequential';
}

/** Common to every workload phase; each generator adds its own fields (see src/workload). */
export interface ResolvedPhaseBase {
  /** Unique within the scenario; shown on the dashboard. */
  name: string;
  /** The generator's registry key: isolated, panning, storm, cleanup, churn, replay. */
  type: string;
  startMs: number;
  /** startMs + the phase's duration (or the scenario's end). */
  endMs: number;
}

export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface ResolvedExpectation {
  /** As written in the file. */
  text: string;
  /** Canonical metric expression, e.g. `latency{reason=viewport_change}.p95` or `processings / marks`. */
  metric: string;
  operator: ComparisonOperator;
  /** In the metric's unit: ms for times, a plain number otherwise. */
  threshold: number;
}

export interface ResolvedScenario {
  name: string;
  description: string;
  seed: number;
  durationMs: number;
  clock: 'virtual' | 'real';
  batcher: ResolvedBatcherSettings;
  simulation: SimulationSettings;
  /** The phases, each narrowed by `type` to its generator's settings (see src/workload). */
  workload: readonly ResolvedPhase[];
  expect: readonly ResolvedExpectation[];
  /** Time between time-series samples, simulated ms. */
  sampleIntervalMs: number;
  /** A client holding a view older than this is counted as stale. */
  stalenessThresholdMs: number;
  /** The file it came from, when it came from one. */
  sourcePath: string | null;
  /**
   * Valid but costly or surprising settings (a 1 us debounce, a run of millions of changes), each a
   * sentence with what it would cost. The CLI prints them before the run; they never stop it.
   */
  warnings: readonly string[];
}

export type { ResolvedPhase };
