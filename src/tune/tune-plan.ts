/**
 * From a tune command to the runs it makes: every grid point of this shard, on every seed, each a
 * request for the scenario loader (the common `--set` overrides first, then the point's, so the grid
 * wins; the clock is always virtual). And back: the summaries, in request order, into a TuneResult.
 */
import type { RunSummary } from '../metrics/summary.js';
import type { ScenarioOverrides } from '../scenario/overrides.js';
import { expandGrid, gridSize, type GridAxis, type GridPoint } from './grid.js';
import { runScenarioRequests, type RunScenarioRequestsOptions, type ScenarioRunRequest } from './scenario-runs.js';
import { selectShard, type Shard } from './shard.js';
import { pointResult, type TuneResult, type TuneScenarioInfo } from './tune-result.js';

export interface TunePlan {
  path: string;
  axes: GridAxis[];
  /** Overrides for every run; its seed and clock are replaced per run. */
  common: ScenarioOverrides;
  seeds: number[];
  shard: Shard | null;
  totalPoints: number;
  /** The points this shard runs, by index. */
  points: GridPoint[];
}

export interface TunePlanInput {
  path: string;
  axes: GridAxis[];
  common?: ScenarioOverrides;
  seeds: number[];
  shard?: Shard | null;
}

export function planTune(input: TunePlanInput): TunePlan {
  const shard = input.shard ?? null;
  return {
    path: input.path,
    axes: input.axes,
    common: input.common ?? {},
    seeds: input.seeds,
    shard,
    totalPoints: gridSize(input.axes),
    points: selectShard(expandGrid(input.axes), shard),
  };
}

/** The overrides of one point without a seed: what validating the point needs. */
export function pointOverrides(plan: TunePlan, point: GridPoint): ScenarioOverrides {
  return { ...plan.common, clock: 'virtual', set: [...(plan.common.set ?? []), ...point.overrides] };
}

/** Point by point, seed by seed. */
export function tuneRequests(plan: TunePlan): ScenarioRunRequest[] {
  return plan.points.flatMap((point) =>
    plan.seeds.map((seed) => ({ path: plan.path, overrides: { ...pointOverrides(plan, point), seed } })),
  );
}

export function assembleTuneResult(plan: TunePlan, scenario: TuneScenarioInfo, summaries: readonly RunSummary[]): TuneResult {
  const perPoint = plan.seeds.length;
  if (summaries.length !== plan.points.length * perPoint) {
    throw new Error(`expected ${plan.points.length * perPoint} summaries for the plan, got ${summaries.length}`);
  }
  return {
    scenario,
    axes: plan.axes,
    set: [...(plan.common.set ?? [])],
    seeds: plan.seeds,
    totalPoints: plan.totalPoints,
    shard: plan.shard,
    points: plan.points.map((point, p) => pointResult(point, summaries.slice(p * perPoint, (p + 1) * perPoint))),
  };
}

/** Runs the plan's requests (in this thread or on workers, as the options say) and assembles the result. */
export async function runTune(
  plan: TunePlan,
  scenario: TuneScenarioInfo,
  options: RunScenarioRequestsOptions,
): Promise<TuneResult> {
  const summaries = await runScenarioRequests(tuneRequests(plan), options);
  return assembleTuneResult(plan, scenario, summaries);
}
