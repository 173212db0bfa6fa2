/**
 * The tune result for people: the points sorted by the objective, which meet every expectation,
 * which lie on the Pareto front, the recommendation, and (for two grid keys) the heat map.
 * Pure: result and analysis in, string out.
 */
import Table from 'cli-table3';
import type { MetricDefinition } from '../compare/metric-catalog.js';
import { formatMetricValue } from '../compare/metric-format.js';
import { createPainter, type Painter } from '../report/paint.js';
import type { TuneAnalysis } from './analysis.js';
import { formatHeatMap } from './heat-map.js';
import { metricSpread } from './spread.js';
import { meetsExpectations, type PointResult, type TuneResult } from './tune-result.js';

export interface TuneTableOptions {
  color: boolean;
  /** Print only the best N rows (the recommendation and front are still named). Default: all. */
  top?: number;
}

function valueCell(point: PointResult, metric: MetricDefinition, seeds: number): string {
  const spread = metricSpread(point, metric.key);
  const mean = formatMetricValue(metric.unit, spread.mean);
  if (seeds < 2 || !Number.isFinite(spread.stdDev)) return mean;
  return `${mean} ±${formatMetricValue(metric.unit, spread.stdDev)}`;
}

function expectationCell(point: PointResult, expectations: number, paint: Painter): string {
  const passedRuns = point.runs.filter((run) => run.passed).length;
  if (meetsExpectations(point)) return paint.ok(expectations === 0 ? 'n/a' : 'met');
  if (point.runs.length > 1) return paint.bad(`${passedRuns}/${point.runs.length} seeds`);
  const failed = point.runs[0]?.failedExpectations.length ?? 0;
  return paint.bad(failed > 0 ? `${failed} failed` : 'failed');
}

/** `batcher.debounceTimeoutMs=50 batcher.sweepIntervalMs=500` */
export function describePoint(point: PointResult): string {
  return point.overrides.join(' ');
}

function headline(result: TuneResult, analysis: TuneAnalysis): string {
  const points = result.points.length;
  const of = points === result.totalPoints ? `${points} points` : `${points} of ${result.totalPoints} points`;
  const seeds = result.seeds.length === 1 ? `seed ${result.seeds[0] ?? ''}` : `${result.seeds.length} seeds (mean ±sd)`;
  return `${result.scenario.name}: ${of} x ${seeds}, sorted by ${analysis.objective.label}`;
}

function recommendationLines(result: TuneResult, analysis: TuneAnalysis, paint: Painter): string[] {
  const byIndex = new Map(result.points.map((point) => [point.index, point]));
  const lines: string[] = [];
  const frontText = analysis.front.map((index) => `#${index}`).join(', ');
  lines.push(
    `Pareto front (${analysis.latency.label} against ${analysis.cost.label}, cheapest first): ${frontText === '' ? 'none' : frontText}`,
  );
  if (result.scenario.expectations === 0) {
    lines.push(paint.warn('the scenario states no expectations, so every point "meets" them: add expect: lines to make the recommendation mean something'));
  }
  const recommended = analysis.recommended === null ? undefined : byIndex.get(analysis.recommended);
  if (recommended !== undefined) {
    const cost = formatMetricValue(analysis.cost.unit, metricSpread(recommended, analysis.cost.key).mean);
    const latency = formatMetricValue(analysis.latency.unit, metricSpread(recommended, analysis.latency.key).mean);
    lines.push(
      paint.bold(paint.ok(`Recommended: #${recommended.index} ${describePoint(recommended)}`)) +
        ` (the cheapest point meeting every expectation: ${analysis.cost.label} ${cost}, ${analysis.latency.label} ${latency})`,
    );
    return lines;
  }
  lines.push(paint.bold(paint.bad('No point meets every expectation.')));
  const closest = analysis.closest === null ? undefined : byIndex.get(analysis.closest);
  if (closest !== undefined) {
    const failed = [...new Set(closest.runs.flatMap((run) => run.failedExpectations))];
    lines.push(`Closest: #${closest.index} ${describePoint(closest)}${failed.length > 0 ? `, failing ${failed.join('; ')}` : ''}`);
  }
  return lines;
}

export function formatTuneReport(result: TuneResult, analysis: TuneAnalysis, options: TuneTableOptions): string {
  const paint = createPainter(options.color);
  const metrics: MetricDefinition[] = [];
  for (const metric of [analysis.objective, analysis.latency, analysis.cost]) {
    if (!metrics.some((m) => m.key === metric.key)) metrics.push(metric);
  }
  const table = new Table({
    head: ['#', ...result.axes.map((axis) => axis.key), ...metrics.map((m) => m.label), 'expectations', ''].map((h) =>
      paint.bold(h),
    ),
    colAligns: ['right', ...result.axes.map(() => 'right' as const), ...metrics.map(() => 'right' as const), 'left', 'left'],
    style: { head: [], border: [], compact: true },
  });
  const byIndex = new Map(result.points.map((point) => [point.index, point]));
  const front = new Set(analysis.front);
  const ranking = options.top === undefined ? analysis.ranking : analysis.ranking.slice(0, options.top);
  for (const index of ranking) {
    const point = byIndex.get(index);
    if (point === undefined) continue;
    const notes = [index === analysis.recommended ? paint.bold(paint.ok('recommended')) : '', front.has(index) ? paint.accent('front') : '']
      .filter((note) => note !== '')
      .join(' ');
    table.push([
      String(index),
      ...point.values,
      ...metrics.map((metric) => valueCell(point, metric, result.seeds.length)),
      expectationCell(point, result.scenario.expectations, paint),
      notes,
    ]);
  }
  const lines = [paint.bold(headline(result, analysis)), table.toString()];
  if (ranking.length < analysis.ranking.length) {
    lines.push(paint.dim(`(${analysis.ranking.length - ranking.length} more points not shown; see --top)`));
  }
  if (result.points.length < result.totalPoints) {
    lines.push(paint.warn(`shard ${result.shard?.index ?? '?'}/${result.shard?.count ?? '?'}: front and recommendation cover this shard only; merge the shards for the whole grid`));
  }
  lines.push('', ...recommendationLines(result, analysis, paint));
  const heatMap = formatHeatMap(result, analysis, { color: options.color });
  if (heatMap !== null) lines.push('', heatMap);
  return `${lines.join('\n')}\n`;
}
