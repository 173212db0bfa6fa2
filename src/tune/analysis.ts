/**
 * What a tune result says: the points sorted by the objective, which meet every expectation, the
 * Pareto front of latency against cost, and the recommended setting, the cheapest point that meets
 * every expectation (ties go to the lower latency, then the earlier point). All on the mean over seeds.
 */
import { resolveMetric, type MetricDefinition } from '../compare/metric-catalog.js';
import { paretoFront } from './pareto.js';
import { metricMean } from './spread.js';
import { meetsExpectations, type PointResult, type TuneResult } from './tune-result.js';

export interface TuneMetricChoice {
  /** What the table is sorted by. Default: the latency metric. */
  objective: string;
  /** The latency axis of the Pareto front. Default `latency.p99`. */
  latency: string;
  /** The cost axis of the Pareto front and what "cheapest" means. Default `processings`. */
  cost: string;
}

export const DEFAULT_METRIC_CHOICE: TuneMetricChoice = {
  objective: 'latency.p99',
  latency: 'latency.p99',
  cost: 'processings',
};

export interface TuneAnalysis {
  objective: MetricDefinition;
  latency: MetricDefinition;
  cost: MetricDefinition;
  /** Point indexes, best objective first; points without a value last. */
  ranking: number[];
  /** Indexes of the points that meet every expectation on every seed. */
  meeting: number[];
  /** Indexes on the latency/cost Pareto front, cheapest first. */
  front: number[];
  recommended: number | null;
  /** When no point meets every expectation: the one with the fewest failures (then the best objective). */
  closest: number | null;
}

function compareBy(metric: MetricDefinition, a: number, b: number): number {
  const aFinite = Number.isFinite(a);
  const bFinite = Number.isFinite(b);
  if (!aFinite || !bFinite) return aFinite === bFinite ? 0 : aFinite ? -1 : 1;
  return metric.better === 'lower' ? a - b : b - a;
}

export function rankPoints(points: readonly PointResult[], objective: MetricDefinition): number[] {
  return points
    .map((point) => ({ index: point.index, value: metricMean(point, objective.key) }))
    .sort((a, b) => compareBy(objective, a.value, b.value) || a.index - b.index)
    .map((entry) => entry.index);
}

export function recommendPoint(
  points: readonly PointResult[],
  latency: MetricDefinition,
  cost: MetricDefinition,
): number | null {
  let best: { index: number; cost: number; latency: number } | null = null;
  for (const point of points) {
    if (!meetsExpectations(point)) continue;
    const candidate = { index: point.index, cost: metricMean(point, cost.key), latency: metricMean(point, latency.key) };
    if (!Number.isFinite(candidate.cost)) continue;
    if (
      best === null ||
      compareBy(cost, candidate.cost, best.cost) < 0 ||
      (candidate.cost === best.cost && compareBy(latency, candidate.latency, best.latency) < 0)
    ) {
      best = candidate;
    }
  }
  return best?.index ?? null;
}

function failures(point: PointResult): number {
  return point.runs.reduce((sum, run) => sum + (run.passed ? 0 : Math.max(1, run.failedExpectations.length)), 0);
}

export function closestPoint(points: readonly PointResult[], ranking: readonly number[]): number | null {
  const byIndex = new Map(points.map((point) => [point.index, point]));
  let best: { index: number; failures: number } | null = null;
  for (const index of ranking) {
    const point = byIndex.get(index);
    if (point === undefined) continue;
    const count = failures(point);
    if (best === null || count < best.failures) best = { index, failures: count };
  }
  return best?.index ?? null;
}

/** Orient a metric so that lower is better, as the Pareto front minimises both axes. */
function lowerIsBetter(metric: MetricDefinition, value: number): number {
  return metric.better === 'lower' ? value : -value;
}

export function analyzeTune(result: TuneResult, choice: TuneMetricChoice = DEFAULT_METRIC_CHOICE): TuneAnalysis {
  const objective = resolveMetric(choice.objective);
  const latency = resolveMetric(choice.latency);
  const cost = resolveMetric(choice.cost);
  const front = paretoFront(
    result.points.map((point) => ({
      index: point.index,
      latency: lowerIsBetter(latency, metricMean(point, latency.key)),
      cost: lowerIsBetter(cost, metricMean(point, cost.key)),
    })),
  );
  const ranking = rankPoints(result.points, objective);
  const recommended = recommendPoint(result.points, latency, cost);
  return {
    objective,
    latency,
    cost,
    ranking,
    meeting: result.points.filter(meetsExpectations).map((point) => point.index),
    front,
    recommended,
    closest: recommended === null ? closestPoint(result.points, ranking) : null,
  };
}
