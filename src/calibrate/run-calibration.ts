/**
 * Virtual time against real time: runs one scenario on the virtual clock, then the very same scenario
 * (same seed, same settings) on the real clock, and compares the two. The real run takes the
 * scenario's duration in wall time, so callers shorten the scenario first (the CLI's calibrate
 * command loads it with a shorter duration and fewer users).
 *
 * The virtual run goes first: it is fast, and a mistake in the scenario shows before a person has
 * waited through the real run.
 */
import type { RunSummary } from '../metrics/summary.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { compareClockRuns, type ClockComparison } from './clock-comparison.js';
import { nodeLoopUtilization, type LoopUtilizationMeter } from './loop-utilization.js';
import { resolveCalibrationTolerance, type CalibrationTolerance } from './tolerance.js';

export type CalibrationClock = 'virtual' | 'real';

/** The engine as calibration uses it: `runScenario` of src/engine, or a CLI backend's. */
export type CalibrationRunner = (scenario: ResolvedScenario, options: { signal?: AbortSignal }) => Promise<RunSummary>;

export interface CalibrationOptions {
  runScenario: CalibrationRunner;
  tolerance?: Partial<CalibrationTolerance>;
  /** Aborting stops the run in progress; the report then has completed: false. */
  signal?: AbortSignal;
  /** Told before each run starts. */
  onRunStart?: (clock: CalibrationClock, scenario: ResolvedScenario) => void;
  /** Measures the real loop's utilization during the real run. Default: Node's own. */
  loopUtilization?: LoopUtilizationMeter;
}

export interface CalibrationReport {
  scenario: {
    name: string;
    seed: number;
    durationMs: number;
    users: number;
    strategy: string;
  };
  tolerance: CalibrationTolerance;
  virtual: RunSummary;
  /** Null when the calibration was stopped before the real run started. */
  real: RunSummary | null;
  /** Null without a real run. */
  comparison: ClockComparison | null;
  /**
   * Share of wall time the real event loop was busy during the real run (event-loop utilization):
   * the modelled CPU plus everything the simulator itself computed. Null without a real run.
   */
  realLoopBusyFraction: number | null;
  /** Both runs reached their end. */
  completed: boolean;
  /** Every judged figure within tolerance, and both runs completed. */
  passed: boolean;
}

function onClock(scenario: ResolvedScenario, clock: CalibrationClock): ResolvedScenario {
  // Warnings were printed when the scenario was loaded; the real run's own cost is known to the caller.
  return { ...scenario, clock };
}

export async function runCalibration(scenario: ResolvedScenario, options: CalibrationOptions): Promise<CalibrationReport> {
  const tolerance = resolveCalibrationTolerance(options.tolerance);
  const runOptions = options.signal === undefined ? {} : { signal: options.signal };
  const header: CalibrationReport['scenario'] = {
    name: scenario.name,
    seed: scenario.seed,
    durationMs: scenario.durationMs,
    users: scenario.simulation.world.users.count,
    strategy: scenario.batcher.strategy,
  };

  const virtualScenario = onClock(scenario, 'virtual');
  options.onRunStart?.('virtual', virtualScenario);
  const virtual = await options.runScenario(virtualScenario, runOptions);
  if (options.signal?.aborted === true || !virtual.completed) {
    return { scenario: header, tolerance, virtual, real: null, comparison: null, realLoopBusyFraction: null, completed: false, passed: false };
  }

  const realScenario = onClock(scenario, 'real');
  options.onRunStart?.('real', realScenario);
  const stopMeter = (options.loopUtilization ?? nodeLoopUtilization)();
  const real = await options.runScenario(realScenario, runOptions);
  const realLoopBusyFraction = stopMeter();
  const comparison = compareClockRuns(virtual, real, tolerance);
  const completed = real.completed;
  return {
    scenario: header,
    tolerance,
    virtual,
    real,
    comparison,
    realLoopBusyFraction,
    completed,
    passed: completed && comparison.passed,
  };
}
