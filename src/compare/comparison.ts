/**
 * The comparison of several runs of one scenario: one row per metric, one column per variant, and
 * for each row the columns holding the best value (all of them when tied; none when every column is
 * equal, since then nothing stands out).
 */
import { MARK_REASONS } from '../batcher/ports.js';
import type { RunSummary } from '../metrics/summary.js';
import { readMetric, resolveMetric, type MetricDefinition } from './metric-catalog.js';

export interface ComparedRun {
  name: string;
  summary: RunSummary;
}

export interface ComparisonRow {
  metric: MetricDefinition;
  values: number[];
  /** best[i] is true when column i holds the best value of the row. */
  best: boolean[];
}

export interface Comparison {
  names: string[];
  rows: ComparisonRow[];
}

const LATENCY_STATISTICS = ['p50', 'p95', 'p99', 'max'] as const;
const COST_METRICS = [
  'processings',
  'marksPerProcessing',
  'duplicateProcessings',
  'messages',
  'redisCommands',
  'cpuBusy',
  'eventLoopLag.p99',
  'maxDirtyUsers',
  'expectationsPassed',
] as const;

/** Which columns hold the best value; none when all finite values are equal or there is only one. */
export function markBest(values: readonly number[], better: MetricDefinition['better']): boolean[] {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length < 2) return values.map(() => false);
  const best = better === 'lower' ? Math.min(...finite) : Math.max(...finite);
  if (finite.every((value) => value === best)) return values.map(() => false);
  return values.map((value) => value === best);
}

/** The metric keys of the comparison rows: latency overall, then each reason some run delivered. */
export function comparisonMetricKeys(summaries: readonly RunSummary[]): string[] {
  const keys: string[] = LATENCY_STATISTICS.map((statistic) => `latency.${statistic}`);
  for (const reason of MARK_REASONS) {
    const delivered = summaries.some((summary) => (summary.latency.byReason[reason]?.count ?? 0) > 0);
    if (!delivered) continue;
    for (const statistic of LATENCY_STATISTICS) keys.push(`latency{reason=${reason}}.${statistic}`);
  }
  keys.push(...COST_METRICS);
  return keys;
}

export function buildComparison(runs: readonly ComparedRun[]): Comparison {
  const summaries = runs.map((run) => run.summary);
  const rows = comparisonMetricKeys(summaries).map((key) => {
    const metric = resolveMetric(key);
    const values = summaries.map((summary) => readMetric(summary, metric));
    return { metric, values, best: markBest(values, metric.better) };
  });
  return { names: runs.map((run) => run.name), rows };
}
