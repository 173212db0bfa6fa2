/** A metric value in its unit, the way compare, diff and tune print it. */
import {
  formatBytes,
  formatDecimal,
  formatDurationMs,
  formatInteger,
  formatPercent,
} from '../report/format.js';
import type { MetricUnit } from './metric-catalog.js';

export function formatMetricValue(unit: MetricUnit, value: number): string {
  if (!Number.isFinite(value)) return '-';
  switch (unit) {
    case 'ms':
      return formatDurationMs(value);
    case 'count':
      return Number.isInteger(value) ? formatInteger(value) : formatDecimal(value, 1);
    case 'ratio':
      return formatDecimal(value, Math.abs(value) >= 100 ? 1 : 3);
    case 'fraction':
      return formatPercent(value);
    case 'bytes':
      return formatBytes(value);
  }
}

/** A signed change in the metric's unit: `+12 ms`, `-3`, `+1.5%` (percentage points for fractions). */
export function formatMetricChange(unit: MetricUnit, change: number): string {
  if (!Number.isFinite(change)) return '-';
  const sign = change > 0 ? '+' : change < 0 ? '-' : '±';
  const magnitude = Math.abs(change);
  if (unit === 'fraction') return `${sign}${(magnitude * 100).toFixed(1)} pt`;
  return `${sign}${formatMetricValue(unit, magnitude)}`;
}

/** A relative change: `+10.0%`; `new` when the baseline was zero and the value is not. */
export function formatRelativeChange(relative: number): string {
  if (Number.isNaN(relative)) return '-';
  if (!Number.isFinite(relative)) return relative > 0 ? '+inf%' : '-inf%';
  const sign = relative > 0 ? '+' : relative < 0 ? '-' : '±';
  return `${sign}${Math.abs(relative * 100).toFixed(1)}%`;
}
