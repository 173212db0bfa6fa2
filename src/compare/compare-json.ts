/**
 * The JSON of compare and diff. A compare report holds each variant's full run report (the same
 * shape `run --json` writes, so jq filters carry over) and the table with its best columns; a diff
 * report holds each row, each rule's outcome and the verdict.
 */
import { toJsonReport, type JsonReportMeta } from '../report/json.js';
import type { Comparison, ComparedRun } from './comparison.js';
import type { Variant } from './variant.js';
import type { SummaryDiff } from './summary-diff.js';

export const COMPARE_JSON_KIND = 'batcher-sim-compare';
export const DIFF_JSON_KIND = 'batcher-sim-diff';
export const COMPARE_JSON_SCHEMA_VERSION = 1;

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function toCompareJson(
  runs: readonly ComparedRun[],
  variants: readonly Variant[],
  comparison: Comparison,
  meta: JsonReportMeta,
): Record<string, unknown> {
  return {
    schemaVersion: COMPARE_JSON_SCHEMA_VERSION,
    kind: COMPARE_JSON_KIND,
    tool: { name: 'batcher-sim', version: meta.toolVersion },
    generatedAt: meta.generatedAt ?? null,
    passed: runs.every((run) => run.summary.passed && run.summary.completed),
    variants: runs.map((run, i) => ({
      name: run.name,
      strategy: variants[i]?.strategy ?? null,
      set: variants[i]?.set ?? [],
      report: toJsonReport(run.summary, meta),
    })),
    table: comparison.rows.map((row) => ({
      metric: row.metric.key,
      label: row.metric.label,
      better: row.metric.better,
      values: row.values.map(finiteOrNull),
      best: row.best.flatMap((best, i) => (best ? [comparison.names[i]] : [])),
    })),
  };
}

export function toDiffJson(
  diff: SummaryDiff,
  labels: { baseline: string; candidate: string },
  meta: JsonReportMeta,
): Record<string, unknown> {
  return {
    schemaVersion: COMPARE_JSON_SCHEMA_VERSION,
    kind: DIFF_JSON_KIND,
    tool: { name: 'batcher-sim', version: meta.toolVersion },
    generatedAt: meta.generatedAt ?? null,
    baseline: labels.baseline,
    candidate: labels.candidate,
    regressed: diff.regressed,
    mismatches: diff.mismatches,
    rows: diff.rows.map((row) => ({
      metric: row.metric.key,
      baseline: finiteOrNull(row.baseline),
      candidate: finiteOrNull(row.candidate),
      change: finiteOrNull(row.change),
      relativeChange: finiteOrNull(row.relativeChange),
      direction: row.direction,
    })),
    rules: diff.outcomes.map((outcome) => ({
      rule: outcome.rule.text,
      metric: outcome.rule.metric.key,
      baseline: finiteOrNull(outcome.baseline),
      candidate: finiteOrNull(outcome.candidate),
      change: finiteOrNull(outcome.change),
      status: outcome.status,
    })),
  };
}
