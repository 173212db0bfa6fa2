import { describe, expect, it } from 'vitest';
import { compareClockRuns } from '../../src/calibrate/clock-comparison.js';
import { DEFAULT_CALIBRATION_TOLERANCE, resolveCalibrationTolerance } from '../../src/calibrate/tolerance.js';
import type { LatencyStats } from '../../src/metrics/summary.js';
import { EMPTY_LATENCY, latencyByReason, latencyStats, makeSummary } from '../helpers/summary-fixture.js';

function withOverall(overall: LatencyStats, processings = 1000) {
  return makeSummary({ latency: { overall, byReason: latencyByReason() }, counters: { processings } });
}

function rowOf(comparison: ReturnType<typeof compareClockRuns>, metric: string) {
  const row = comparison.rows.find((r) => r.metric === metric);
  if (row === undefined) throw new Error(`no row ${metric}`);
  return row;
}

describe('compareClockRuns', () => {
  it('allows latency percentiles 10% of the virtual value, or 5 ms when that is larger', () => {
    const virtual = withOverall(latencyStats(200, { p90Ms: 30, p99Ms: 1000 }));
    // p50: 200 -> 221 is 10.5% off (allowed 20 ms); p90: 30 -> 34.9 is within 5 ms; p99: 1000 -> 1100 is exactly 10%.
    const real = withOverall(latencyStats(221, { p90Ms: 34.9, p99Ms: 1100 }));
    const comparison = compareClockRuns(virtual, real, DEFAULT_CALIBRATION_TOLERANCE);
    expect(rowOf(comparison, 'latency.p50')).toMatchObject({ allowance: 20, within: false, difference: 21 });
    expect(rowOf(comparison, 'latency.p90')).toMatchObject({ allowance: 5, within: true });
    expect(rowOf(comparison, 'latency.p99')).toMatchObject({ allowance: 100, within: true });
    expect(rowOf(comparison, 'latency.p50').relativeDifference).toBeCloseTo(0.105, 10);
    expect(comparison.passed).toBe(false);
    expect(comparison.outside).toBe(1);
  });

  it('allows processing counts 2% either way', () => {
    const tolerance = DEFAULT_CALIBRATION_TOLERANCE;
    const same = withOverall(latencyStats(200));
    expect(rowOf(compareClockRuns(withOverall(latencyStats(200), 1000), withOverall(latencyStats(200), 980), tolerance), 'processings').within).toBe(true);
    expect(rowOf(compareClockRuns(withOverall(latencyStats(200), 1000), withOverall(latencyStats(200), 1021), tolerance), 'processings').within).toBe(false);
    expect(compareClockRuns(same, same, tolerance).passed).toBe(true);
  });

  it('shows but does not judge the max, marks, lag and percentiles of few deliveries', () => {
    const virtual = makeSummary();
    const real = makeSummary({
      latency: {
        overall: latencyStats(390, { count: 22_320, maxMs: 99_999 }),
        byReason: { ...latencyByReason(), filter_change: latencyStats(9_999, { count: 12 }) },
      },
      eventLoopLag: latencyStats(500),
      counters: { marks: 1 },
    });
    const comparison = compareClockRuns(virtual, real, DEFAULT_CALIBRATION_TOLERANCE);
    for (const metric of ['latency.max', 'marks', 'eventLoopLag.p99', 'eventLoopLag.max', 'latency{reason=filter_change}.p50']) {
      expect(rowOf(comparison, metric), metric).toMatchObject({ allowance: null, within: null });
    }
    expect(comparison.passed).toBe(true);
  });

  it('leaves out reasons no change had on either clock, and judges those that had', () => {
    const byReason = { ...latencyByReason(), initial_request: EMPTY_LATENCY };
    const summary = makeSummary({ latency: { overall: latencyStats(390, { count: 22_320 }), byReason } });
    const metrics = compareClockRuns(summary, summary, DEFAULT_CALIBRATION_TOLERANCE).rows.map((r) => r.metric);
    expect(metrics.some((m) => m.includes('initial_request'))).toBe(false);
    expect(metrics).toContain('latency{reason=event_update}.p99');
    expect(metrics).toContain('latency{reason=viewport_change}.p50');
  });

  it('takes other tolerances, and refuses nonsense ones', () => {
    const tolerance = resolveCalibrationTolerance({ latencyRelative: 0.5 });
    const comparison = compareClockRuns(withOverall(latencyStats(200)), withOverall(latencyStats(290)), tolerance);
    expect(rowOf(comparison, 'latency.p50').within).toBe(true);
    expect(() => resolveCalibrationTolerance({ countRelative: Number.NaN })).toThrow(/countRelative/);
    expect(() => resolveCalibrationTolerance({ latencyAbsoluteMs: -1 })).toThrow(/latencyAbsoluteMs/);
  });
});
