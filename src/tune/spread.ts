/** The spread of one metric over a point's seeds: mean, extremes and standard deviation. */
import type { PointResult } from './tune-result.js';

export interface Spread {
  mean: number;
  min: number;
  max: number;
  /** Population standard deviation; 0 with one seed. */
  stdDev: number;
  /** Seeds that measured a value (a run with no deliveries has no p99). */
  samples: number;
}

export function spreadOf(values: readonly number[]): Spread {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return { mean: Number.NaN, min: Number.NaN, max: Number.NaN, stdDev: Number.NaN, samples: 0 };
  const mean = finite.reduce((sum, value) => sum + value, 0) / finite.length;
  const variance = finite.reduce((sum, value) => sum + (value - mean) ** 2, 0) / finite.length;
  return { mean, min: Math.min(...finite), max: Math.max(...finite), stdDev: Math.sqrt(variance), samples: finite.length };
}

export function metricSpread(point: PointResult, key: string): Spread {
  return spreadOf(point.runs.map((run) => run.metrics[key] ?? Number.NaN));
}

/** The value a point is ranked by: the mean over its seeds. */
export function metricMean(point: PointResult, key: string): number {
  return metricSpread(point, key).mean;
}
