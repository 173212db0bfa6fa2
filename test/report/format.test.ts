import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDurationMs,
  formatInteger,
  formatPercent,
  formatPerSecond,
  formatSpeed,
} from '../../src/report/format.js';
import { formatMetricValue, isTimeMetric } from '../../src/report/metric-value.js';

describe('formatDurationMs', () => {
  it.each([
    [0, '0 ms'],
    [0.256, '0.26 ms'],
    [3.44, '3.4 ms'],
    [212.6, '213 ms'],
    [1500, '1.50 s'],
    [59_994, '59.99 s'],
    [125_000, '2m 05s'],
    [3_725_000, '1h 02m'],
    [-40, '-40 ms'],
    [Number.NaN, '-'],
  ])('%s ms reads as %s', (ms, text) => {
    expect(formatDurationMs(ms)).toBe(text);
  });
});

describe('number formats', () => {
  it('groups thousands without depending on the locale', () => {
    expect(formatInteger(1234567.4)).toBe('1,234,567');
    expect(formatInteger(-9876)).toBe('-9,876');
    expect(formatInteger(999)).toBe('999');
  });

  it('keeps a decimal on slow rates so a trickle does not read as zero', () => {
    expect(formatPerSecond(0.25)).toBe('0.3/s');
    expect(formatPerSecond(4200.4)).toBe('4,200/s');
  });

  it('prints shares, speeds and sizes', () => {
    expect(formatPercent(0.3125)).toBe('31.3%');
    expect(formatSpeed(48.62)).toBe('49x');
    expect(formatSpeed(1.5)).toBe('1.50x');
    expect(formatSpeed(0)).toBe('-');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(4_718_592)).toBe('4.5 MiB');
  });
});

describe('formatMetricValue', () => {
  it('reads latency and lag statistics as times', () => {
    expect(isTimeMetric('latency.p99')).toBe(true);
    expect(isTimeMetric('latency{reason=viewport_change}.p95')).toBe(true);
    expect(isTimeMetric('eventLoopLag.max')).toBe(true);
    expect(isTimeMetric('staleness.thresholdMs')).toBe(true);
    expect(formatMetricValue('latency.p99', 812.4)).toBe('812 ms');
  });

  it('reads counts and ratios as plain numbers', () => {
    expect(isTimeMetric('processings / marks')).toBe(false);
    expect(isTimeMetric('counters.errors')).toBe(false);
    expect(isTimeMetric('latency.count')).toBe(false);
    expect(formatMetricValue('processings / marks', 0.407_885)).toBe('0.4079');
    expect(formatMetricValue('counters.errors', 12_000)).toBe('12,000');
  });
});
