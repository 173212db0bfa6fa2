/**
 * The tune result as CSV (RFC 4180 quoting, LF line ends): one row per grid point, the grid values, whether the point
 * meets every expectation, lies on the front or is recommended, then each headline metric's mean in
 * its raw unit (ms for times, 0..1 for CPU busy). With several seeds each metric also gets its
 * min, max and standard deviation, so a spreadsheet can plot the spread.
 */
import { resolveMetric } from '../compare/metric-catalog.js';
import type { TuneAnalysis } from './analysis.js';
import { metricSpread } from './spread.js';
import { meetsExpectations, type TuneResult } from './tune-result.js';

export const CSV_METRIC_KEYS = [
  'latency.p50',
  'latency.p95',
  'latency.p99',
  'latency.max',
  'processings',
  'marksPerProcessing',
  'duplicateProcessings',
  'messages',
  'redisCommands',
  'cpuBusy',
  'eventLoopLag.p99',
  'maxDirtyUsers',
  'expectationsPassed',
  'divergedClients',
] as const;

export function csvField(value: string | number | boolean): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatTuneCsv(result: TuneResult, analysis: TuneAnalysis): string {
  const keys: string[] = [analysis.objective.key, analysis.latency.key, analysis.cost.key];
  for (const key of CSV_METRIC_KEYS) keys.push(resolveMetric(key).key);
  const metricKeys = [...new Set(keys)];
  const withSpread = result.seeds.length > 1;
  const header = [
    'point',
    ...result.axes.map((axis) => axis.key),
    'seeds',
    'meetsExpectations',
    'paretoFront',
    'recommended',
    ...metricKeys.flatMap((key) => (withSpread ? [key, `${key}.min`, `${key}.max`, `${key}.sd`] : [key])),
  ];
  const front = new Set(analysis.front);
  const rows = result.points.map((point) => [
    point.index,
    ...point.values,
    point.runs.length,
    meetsExpectations(point),
    front.has(point.index),
    point.index === analysis.recommended,
    ...metricKeys.flatMap((key) => {
      const spread = metricSpread(point, key);
      return withSpread ? [spread.mean, spread.min, spread.max, spread.stdDev] : [spread.mean];
    }),
  ]);
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}
