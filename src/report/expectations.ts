/**
 * The expectation results as lines a person scans: PASS/FAIL in words (colour is only a help), the
 * assertion as written, and the value measured, in the metric's unit.
 */
import type { ExpectationResult, RunSummary } from '../metrics/summary.js';
import { formatMetricValue } from './metric-value.js';
import type { Painter } from './paint.js';
import { summarizeVerdict } from './verdict.js';

export function formatMeasured(result: ExpectationResult): string {
  return formatMetricValue(result.metric, result.measured);
}

export function formatExpectationLines(summary: RunSummary, paint: Painter): string[] {
  if (summary.expectations.length === 0) return [paint.dim('  (the scenario states no expectations)')];
  const width = Math.max(...summary.expectations.map((e) => e.text.length));
  return summary.expectations.map((result) => {
    const status = result.passed ? paint.ok('PASS') : paint.bad('FAIL');
    return `  ${status}  ${result.text.padEnd(width)}  measured ${paint.bold(formatMeasured(result))}`;
  });
}

export function formatConsistencyLine(summary: RunSummary, paint: Painter): string {
  const { connectedClients, divergedClients, examples } = summary.consistency;
  const status = divergedClients === 0 ? paint.ok('PASS') : paint.bad('FAIL');
  let line = `  ${status}  clients consistent with the server: ${divergedClients} of ${connectedClients} diverged`;
  const example = examples[0];
  if (example !== undefined) {
    line +=
      `\n        e.g. ${example.userId}: ${example.missingIds.length} missing, ` +
      `${example.extraIds.length} extra, ${example.staleIds.length} stale`;
  }
  return line;
}

export function formatVerdictLine(summary: RunSummary, paint: Painter): string {
  const verdict = summarizeVerdict(summary);
  const colour = !verdict.completed ? paint.warn : verdict.passed ? paint.ok : paint.bad;
  return paint.bold(colour(verdict.text));
}

/** The block printed after the summary table. */
export function formatExpectationResults(summary: RunSummary, paint: Painter): string {
  return [
    paint.bold('Expectations'),
    ...formatExpectationLines(summary, paint),
    formatConsistencyLine(summary, paint),
    '',
    formatVerdictLine(summary, paint),
  ].join('\n');
}
