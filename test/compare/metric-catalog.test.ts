import { describe, expect, it } from 'vitest';
import {
  ALL_METRIC_KEYS,
  canonicalMetricKey,
  MetricKeyError,
  readAllMetrics,
  readMetric,
  resolveMetric,
} from '../../src/compare/metric-catalog.js';
import { makeSummary } from '../helpers/summary-fixture.js';

describe('metric catalogue', () => {
  it('reads overall and per-reason latency, counters and verdicts from a summary', () => {
    const summary = makeSummary();
    expect(readMetric(summary, resolveMetric('latency.p99'))).toBe(summary.latency.overall.p99Ms);
    expect(readMetric(summary, resolveMetric('latency{reason=event_update}.p95'))).toBe(
      summary.latency.byReason.event_update.p95Ms,
    );
    expect(readMetric(summary, resolveMetric('processings'))).toBe(9_104);
    expect(readMetric(summary, resolveMetric('cpuBusy'))).toBe(0.3125);
    expect(readMetric(summary, resolveMetric('redisCommands'))).toBe(27_508);
    expect(readMetric(summary, resolveMetric('expectationsPassed'))).toBe(2);
    expect(readMetric(summary, resolveMetric('passed'))).toBe(1);
    expect(readMetric(makeSummary({ passed: false }), resolveMetric('passed'))).toBe(0);
  });

  it('accepts the spellings of expectations and summary fields', () => {
    expect(canonicalMetricKey('latency.p99Ms')).toBe('latency.p99');
    expect(canonicalMetricKey('latency.viewport_change.p95')).toBe('latency{reason=viewport_change}.p95');
    expect(canonicalMetricKey('latency{reason="event_update"}.max')).toBe('latency{reason=event_update}.max');
    expect(canonicalMetricKey(' latency { reason = filter_change } . p50 ')).toBe('latency{reason=filter_change}.p50');
    expect(canonicalMetricKey('cpu')).toBe('cpuBusy');
    expect(canonicalMetricKey('cpuBusyFraction')).toBe('cpuBusy');
    expect(canonicalMetricKey('latency')).toBe('latency.p99');
  });

  it('names the unknown metric and suggests real ones', () => {
    expect(() => resolveMetric('latency.p98')).toThrow(MetricKeyError);
    expect(() => resolveMetric('latency.p98')).toThrow(/unknown metric "latency.p98": expected e.g. latency.p99/);
    expect(() => resolveMetric('latency{reason=teleport}.p99')).toThrow(MetricKeyError);
  });

  it('knows which way is better', () => {
    expect(resolveMetric('latency.p99').better).toBe('lower');
    expect(resolveMetric('marksPerProcessing').better).toBe('higher');
    expect(resolveMetric('expectationsPassed').better).toBe('higher');
  });

  it('reads a missing or null field as NaN instead of throwing', () => {
    const summary = makeSummary();
    const damaged = { ...summary, counters: { ...summary.counters, processings: null } } as unknown as typeof summary;
    expect(readMetric(damaged, resolveMetric('processings'))).toBeNaN();
    const noReasons = { ...summary, latency: { overall: summary.latency.overall } } as unknown as typeof summary;
    expect(readMetric(noReasons, resolveMetric('latency{reason=event_update}.p99'))).toBeNaN();
  });

  it('reads every key, once each', () => {
    const all = readAllMetrics(makeSummary());
    expect(Object.keys(all)).toEqual(ALL_METRIC_KEYS);
    expect(new Set(ALL_METRIC_KEYS).size).toBe(ALL_METRIC_KEYS.length);
    for (const key of ALL_METRIC_KEYS) expect(canonicalMetricKey(key)).toBe(key);
  });
});
