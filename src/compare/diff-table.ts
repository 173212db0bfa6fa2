/**
 * The diff for people: a table of baseline, new value and change per metric (worse in red, better
 * in green, and the words "worse"/"better" so it reads without colour), then each rule's outcome
 * and a one-line verdict.
 */
import Table from 'cli-table3';
import { createPainter, type Painter } from '../report/paint.js';
import { formatMetricChange, formatMetricValue, formatRelativeChange } from './metric-format.js';
import type { RuleOutcome } from './regression-rule.js';
import type { DiffRow, SummaryDiff } from './summary-diff.js';

export interface DiffTableOptions {
  color: boolean;
  /** Names for the two columns, e.g. the file names. */
  baselineLabel: string;
  candidateLabel: string;
}

function directionCell(row: DiffRow, paint: Painter): string {
  switch (row.direction) {
    case 'better':
      return paint.ok('better');
    case 'worse':
      return paint.bad('worse');
    case 'same':
      return paint.dim('same');
    case 'unknown':
      return paint.dim('-');
  }
}

function outcomeLine(outcome: RuleOutcome, paint: Painter): string {
  const { rule } = outcome;
  const values = `${formatMetricValue(rule.metric.unit, outcome.baseline)} -> ${formatMetricValue(rule.metric.unit, outcome.candidate)}`;
  const change = rule.relative ? formatRelativeChange(outcome.change) : formatMetricChange(rule.metric.unit, outcome.change);
  switch (outcome.status) {
    case 'regressed':
      return `  ${paint.bad('REGRESSED')}  ${rule.text}  (${values}, change ${change})`;
    case 'ok':
      return `  ${paint.ok('ok')}         ${rule.text}  (${values}, change ${change})`;
    case 'missing':
      return `  ${paint.warn('MISSING')}    ${rule.text}  (a file has no value for ${rule.metric.key})`;
  }
}

export function formatVerdict(diff: SummaryDiff, paint: Painter): string {
  const fired = diff.outcomes.filter((outcome) => outcome.status === 'regressed').length;
  if (diff.outcomes.length === 0) return paint.dim('no --fail-on rule given: nothing counts as a regression');
  if (fired > 0) return paint.bold(paint.bad(`REGRESSION: ${fired} of ${diff.outcomes.length} rules fired`));
  if (diff.missing.length > 0) return paint.bold(paint.warn(`UNCHECKED: ${diff.missing.length} rule(s) name a metric a file lacks`));
  return paint.bold(paint.ok(`no regression: ${diff.outcomes.length} of ${diff.outcomes.length} rules held`));
}

export function formatSummaryDiff(diff: SummaryDiff, options: DiffTableOptions): string {
  const paint = createPainter(options.color);
  const table = new Table({
    head: ['metric', options.baselineLabel, options.candidateLabel, 'change', '%', ''].map((h) => paint.bold(h)),
    colAligns: ['left', 'right', 'right', 'right', 'right', 'left'],
    style: { head: [], border: [], compact: true },
  });
  for (const row of diff.rows) {
    table.push([
      row.metric.label,
      formatMetricValue(row.metric.unit, row.baseline),
      formatMetricValue(row.metric.unit, row.candidate),
      formatMetricChange(row.metric.unit, row.change),
      formatRelativeChange(row.relativeChange),
      directionCell(row, paint),
    ]);
  }
  const lines = [table.toString()];
  for (const note of diff.mismatches) lines.push(paint.warn(`note: ${note}`));
  if (diff.outcomes.length > 0) {
    lines.push('', paint.bold('Regression rules'), ...diff.outcomes.map((outcome) => outcomeLine(outcome, paint)));
  }
  lines.push('', formatVerdict(diff, paint));
  return lines.join('\n');
}
