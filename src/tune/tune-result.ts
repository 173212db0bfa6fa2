/**
 * What a tune run produced, in the compact form that is saved, sharded and merged: per grid point,
 * per seed, every catalogue metric and whether the run met its expectations. Wall-clock figures are
 * left out on purpose, so a grid run in one job and the same grid run in shards merge to the
 * identical result.
 */
import { readAllMetrics } from '../compare/metric-catalog.js';
import type { RunSummary } from '../metrics/summary.js';
import type { GridAxis, GridPoint } from './grid.js';
import type { Shard } from './shard.js';

export interface SeedRun {
  seed: number;
  /** Every expectation met, no client diverged, and the run reached its end. */
  passed: boolean;
  completed: boolean;
  /** The text of each expectation that failed, as written in the scenario. */
  failedExpectations: string[];
  /** Catalogue key -> value (NaN when the run had nothing to measure). */
  metrics: Record<string, number>;
}

export interface PointResult {
  index: number;
  values: string[];
  overrides: string[];
  runs: SeedRun[];
}

export interface TuneScenarioInfo {
  name: string;
  /** The scenario file as given on the command line. */
  sourcePath: string | null;
  baseSeed: number;
  durationMs: number;
  /** The strategy in force before grid overrides (a grid may vary it). */
  strategy: string;
  /** How many expectations the scenario states. */
  expectations: number;
}

export interface TuneResult {
  scenario: TuneScenarioInfo;
  axes: GridAxis[];
  /** `--set` overrides applied to every point, before the grid's. */
  set: string[];
  seeds: number[];
  /** Points in the whole grid, run here or not. */
  totalPoints: number;
  /** The share this result holds; null for the whole grid (a single run or a full merge). */
  shard: Shard | null;
  /** By index, ascending. */
  points: PointResult[];
}

export function seedRunFromSummary(summary: RunSummary): SeedRun {
  return {
    seed: summary.scenario.seed,
    passed: summary.passed && summary.completed,
    completed: summary.completed,
    failedExpectations: summary.expectations.filter((e) => !e.passed).map((e) => e.text),
    metrics: readAllMetrics(summary),
  };
}

export function pointResult(point: GridPoint, summaries: readonly RunSummary[]): PointResult {
  return { index: point.index, values: [...point.values], overrides: [...point.overrides], runs: summaries.map(seedRunFromSummary) };
}

/** A point meets every expectation when every seed's run passed. */
export function meetsExpectations(point: PointResult): boolean {
  return point.runs.length > 0 && point.runs.every((run) => run.passed);
}
