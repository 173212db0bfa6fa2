/**
 * The public API of batcher-sim.
 * - The batcher a production service imports: HybridUserUpdateBatcher (and the other strategies
 *   through createBatcher), its service ports, and the clocks it runs on.
 * - The simulator, for programs that run scenarios themselves: load, run, and the summary type.
 */
export * from './clock/index.js';
export * from './batcher/index.js';
export { loadScenarioFile, parseScenarioText } from './scenario/load.js';
export type { ScenarioOverrides } from './scenario/load.js';
export { ScenarioError } from './scenario/errors.js';
export type { ResolvedScenario, ResolvedBatcherSettings, ResolvedExpectation } from './scenario/resolved.js';
export { runScenario } from './engine/run-scenario.js';
export type { EngineOptions } from './engine/run-scenario.js';
export type { RunSnapshot } from './engine/snapshot.js';
export type {
  RunSummary,
  RunCounters,
  LatencyStats,
  ConsistencyReport,
  ExpectationResult,
  TimeSeriesPoint,
} from './metrics/summary.js';
