import { describe, expect, it } from 'vitest';
import { buildComparison, comparisonMetricKeys, markBest } from '../../src/compare/comparison.js';
import { formatComparisonTable } from '../../src/compare/comparison-table.js';
import { EMPTY_LATENCY, latencyStats, makeFailingSummary, makeSummary } from '../helpers/summary-fixture.js';

describe('markBest', () => {
  it('marks the lowest, or the highest when higher is better, and every tie', () => {
    expect(markBest([3, 1, 2], 'lower')).toEqual([false, true, false]);
    expect(markBest([3, 1, 3], 'higher')).toEqual([true, false, true]);
  });

  it('marks nothing when all are equal or only one value is known', () => {
    expect(markBest([5, 5, 5], 'lower')).toEqual([false, false, false]);
    expect(markBest([Number.NaN, 4], 'lower')).toEqual([false, false]);
  });

  it('ignores values that were not measured', () => {
    expect(markBest([Number.NaN, 4, 2], 'lower')).toEqual([false, false, true]);
  });
});

describe('buildComparison', () => {
  const hybrid = makeSummary();
  const sweep = makeSummary({
    scenario: { strategy: 'sweep' },
    counters: { processings: 4_000, cpuBusyFraction: 0.2 },
    latency: { overall: latencyStats(2_600, { count: 22_320 }), byReason: makeSummary().latency.byReason },
  });

  it('has latency rows for overall and each reason delivered, then the costs', () => {
    const keys = comparisonMetricKeys([hybrid, sweep]);
    expect(keys.slice(0, 4)).toEqual(['latency.p50', 'latency.p95', 'latency.p99', 'latency.max']);
    expect(keys).toContain('latency{reason=viewport_change}.p99');
    // No run delivered an initial_request, so it has no rows.
    expect(keys.some((key) => key.includes('initial_request'))).toBe(false);
    expect(keys).toEqual(
      expect.arrayContaining(['processings', 'marksPerProcessing', 'messages', 'redisCommands', 'cpuBusy', 'maxDirtyUsers', 'expectationsPassed']),
    );
  });

  it('marks the best column in each row', () => {
    const comparison = buildComparison([
      { name: 'hybrid', summary: hybrid },
      { name: 'sweep', summary: sweep },
    ]);
    const row = (key: string) => comparison.rows.find((r) => r.metric.key === key);
    expect(row('latency.p50')?.best).toEqual([true, false]);
    expect(row('processings')?.best).toEqual([false, true]);
    expect(row('processings')?.values).toEqual([9_104, 4_000]);
    expect(row('messages')?.best).toEqual([false, false]);
  });

  it('keeps a reason one run delivered even when another did not', () => {
    const withInitial = makeSummary({
      latency: {
        overall: latencyStats(390),
        byReason: { ...makeSummary().latency.byReason, initial_request: latencyStats(100, { count: 5 }) },
      },
    });
    expect(comparisonMetricKeys([hybrid, withInitial])).toContain('latency{reason=initial_request}.p99');
    expect(EMPTY_LATENCY.count).toBe(0);
  });
});

describe('formatComparisonTable', () => {
  it('prints one column per variant, stars the best value and gives each verdict', () => {
    const runs = [
      { name: 'hybrid', summary: makeSummary() },
      { name: 'debounce', summary: makeFailingSummary() },
    ];
    const text = formatComparisonTable(buildComparison(runs), runs.map((r) => r.summary), { color: false });
    expect(text).toContain('hybrid');
    expect(text).toContain('debounce');
    expect(text).toMatch(/expectations passed\s*│\s*2\/2 \*\s*│\s*1\/2\s*│/);
    expect(text).toMatch(/verdict\s*│\s*PASSED\s*│\s*FAILED\s*│/);
    expect(text).toContain('* best in its row');
    // Without colour there are no escape codes.
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('colours the best value when colour is on', () => {
    const runs = [
      { name: 'a', summary: makeSummary() },
      { name: 'b', summary: makeSummary({ counters: { processings: 1 } }) },
    ];
    const text = formatComparisonTable(buildComparison(runs), runs.map((r) => r.summary), { color: true });
    expect(text).toMatch(/\u001b\[32m.*1 \*/);
  });
});
