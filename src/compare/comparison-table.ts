/**
 * The comparison as a terminal table. The best value in each row is bold green and carries a `*`,
 * so it still stands out in a log without colour. Pure: comparison in, string out.
 */
import Table from 'cli-table3';
import type { RunSummary } from '../metrics/summary.js';
import { createPainter, type Painter } from '../report/paint.js';
import { summarizeVerdict } from '../report/verdict.js';
import type { Comparison } from './comparison.js';
import type { MetricUnit } from './metric-catalog.js';
import { formatMetricValue } from './metric-format.js';

export interface ComparisonTableOptions {
  color: boolean;
}

function cellText(key: string, value: number, unit: MetricUnit, summary: RunSummary | undefined): string {
  if (key === 'expectationsPassed' && summary !== undefined && Number.isFinite(value)) {
    return `${value}/${summary.expectations.length}`;
  }
  return formatMetricValue(unit, value);
}

function verdictCell(summary: RunSummary, paint: Painter): string {
  const verdict = summarizeVerdict(summary);
  if (!verdict.completed) return paint.warn('INTERRUPTED');
  return verdict.passed ? paint.ok('PASSED') : paint.bad('FAILED');
}

export function formatComparisonTable(
  comparison: Comparison,
  summaries: readonly RunSummary[],
  options: ComparisonTableOptions,
): string {
  const paint = createPainter(options.color);
  const table = new Table({
    head: ['', ...comparison.names].map((heading) => paint.bold(heading)),
    colAligns: ['left', ...comparison.names.map(() => 'right' as const)],
    style: { head: [], border: [], compact: true },
  });
  for (const row of comparison.rows) {
    const cells = row.values.map((value, column) => {
      const text = cellText(row.metric.key, value, row.metric.unit, summaries[column]);
      return row.best[column] === true ? paint.ok(paint.bold(`${text} *`)) : `${text}  `;
    });
    table.push([row.metric.label, ...cells]);
  }
  table.push([paint.bold('verdict'), ...summaries.map((summary) => `${verdictCell(summary, paint)}  `)]);
  return [table.toString(), paint.dim('* best in its row (lower is better, except marks per processing and expectations passed)')].join('\n');
}
