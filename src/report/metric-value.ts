/**
 * How to print the measured value of an expectation. ExpectationResult carries the canonical metric
 * expression but not its unit, so the unit is read off the expression: latency and lag statistics
 * and anything named `...Ms` are times (ms); everything else is a plain number (a count or a ratio).
 */
import { formatDecimal, formatDurationMs, formatInteger } from './format.js';

const TIME_SUBJECT = /^(latency|eventLoopLag|lag)\b/;
const TIME_STATISTIC = /\.(p\d+|mean|max|min)(Ms)?$/;
const NAMED_IN_MS = /Ms\b/;

export function isTimeMetric(metric: string): boolean {
  return NAMED_IN_MS.test(metric) || (TIME_SUBJECT.test(metric) && TIME_STATISTIC.test(metric));
}

/** A plain number: integers grouped, ratios with enough digits to compare against a threshold. */
export function formatPlainNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return formatInteger(value);
  if (Math.abs(value) >= 100) return formatDecimal(value, 1);
  return Number(value.toPrecision(4)).toString();
}

export function formatMetricValue(metric: string, value: number): string {
  return isTimeMetric(metric) ? formatDurationMs(value) : formatPlainNumber(value);
}
