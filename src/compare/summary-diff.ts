/**
 * Two saved runs compared metric by metric: the baseline, the new value, the change and whether it
 * is better or worse, then every `--fail-on` rule's outcome. A regression is a rule that fired.
 */
import type { RunSummary } from '../metrics/summary.js';
import { comparisonMetricKeys } from './comparison.js';
import { readMetric, resolveMetric, type MetricDefinition } from './metric-catalog.js';
import { evaluateRule, relativeChange, type RegressionRule, type RuleOutcome } from './regression-rule.js';

export interface DiffRow {
  metric: MetricDefinition;
  baseline: number;
  candidate: number;
  change: number;
  relativeChange: number;
  direction: 'better' | 'worse' | 'same' | 'unknown';
}

export interface SummaryDiff {
  rows: DiffRow[];
  outcomes: RuleOutcome[];
  regressed: boolean;
  /** Rules that could not be checked because a file lacks the metric. */
  missing: RuleOutcome[];
  /** Ways the two runs differ in what they ran (scenario, seed, strategy), worth a word of warning. */
  mismatches: string[];
}

function direction(metric: MetricDefinition, baseline: number, candidate: number): DiffRow['direction'] {
  if (!Number.isFinite(baseline) || !Number.isFinite(candidate)) return 'unknown';
  if (baseline === candidate) return 'same';
  const lower = candidate < baseline;
  return lower === (metric.better === 'lower') ? 'better' : 'worse';
}

export function diffRow(metric: MetricDefinition, baselineSummary: RunSummary, candidateSummary: RunSummary): DiffRow {
  const baseline = readMetric(baselineSummary, metric);
  const candidate = readMetric(candidateSummary, metric);
  return {
    metric,
    baseline,
    candidate,
    change: candidate - baseline,
    relativeChange: relativeChange(baseline, candidate),
    direction: direction(metric, baseline, candidate),
  };
}

function describeMismatches(baseline: RunSummary, candidate: RunSummary): string[] {
  const notes: string[] = [];
  const a = baseline.scenario;
  const b = candidate.scenario;
  if (a.name !== b.name) notes.push(`different scenarios: "${a.name}" vs "${b.name}"`);
  if (a.seed !== b.seed) notes.push(`different seeds: ${a.seed} vs ${b.seed}`);
  if (a.durationMs !== b.durationMs) notes.push(`different durations: ${a.durationMs} ms vs ${b.durationMs} ms`);
  if (a.clock !== b.clock) notes.push(`different clocks: ${a.clock} vs ${b.clock}`);
  if (a.strategy !== b.strategy) notes.push(`different strategies: ${a.strategy} vs ${b.strategy}`);
  return notes;
}

/** The default rows (as compare shows them), plus any metric a rule names that is not among them. */
export function diffSummaries(
  baseline: RunSummary,
  candidate: RunSummary,
  rules: readonly RegressionRule[] = [],
): SummaryDiff {
  const keys = comparisonMetricKeys([baseline, candidate]);
  for (const rule of rules) if (!keys.includes(rule.metric.key)) keys.push(rule.metric.key);
  const rows = keys.map((key) => diffRow(resolveMetric(key), baseline, candidate));
  const outcomes = rules.map((rule) =>
    evaluateRule(rule, readMetric(baseline, rule.metric), readMetric(candidate, rule.metric)),
  );
  return {
    rows,
    outcomes,
    regressed: outcomes.some((outcome) => outcome.status === 'regressed'),
    missing: outcomes.filter((outcome) => outcome.status === 'missing'),
    mismatches: describeMismatches(baseline, candidate),
  };
}
