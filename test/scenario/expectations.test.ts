import { describe, expect, it } from 'vitest';
import {
  evaluateExpectations,
  ExpectationSyntaxError,
  knownMetricNames,
  measureMetric,
  parseExpectation,
} from '../../src/scenario/expectations.js';
import { EMPTY_LATENCY, latencyStats, makeSummary } from '../helpers/summary-fixture.js';

describe('parseExpectation', () => {
  it.each([
    ['latency.p99 < 5s', 'latency.p99', '<', 5000],
    ['latency{reason=viewport_change}.p95 < 300ms', 'latency{reason=viewport_change}.p95', '<', 300],
    ['latency { reason = event_update }.max<=6s', 'latency{reason=event_update}.max', '<=', 6000],
    ['divergedClients == 0', 'divergedClients', '==', 0],
    ['processings / marks < 0.4', 'processings / marks', '<', 0.4],
    ['processings/marks < 40%', 'processings / marks', '<', 0.4],
    ['eventLoopLag.p99 < 50ms', 'eventLoopLag.p99', '<', 50],
    ['eventLoopLag.p99.9 < 80', 'eventLoopLag.p999', '<', 80],
    ['latency.count >= 1000', 'latency.count', '>=', 1000],
    ['cpuBusyFraction < 50%', 'cpuBusyFraction', '<', 0.5],
    ['redisCommands.total != 0', 'redisCommands.total', '!=', 0],
    ['staleness.maxStaleClients > 2', 'staleness.maxStaleClients', '>', 2],
  ] as const)('reads %j', (text, metric, operator, threshold) => {
    const parsed = parseExpectation(text);
    expect(parsed.metric).toBe(metric);
    expect(parsed.operator).toBe(operator);
    expect(parsed.threshold).toBeCloseTo(threshold, 12);
    expect(parsed.text).toBe(text);
  });

  it.each([
    ['latncy.p99 < 5s', 'unknown metric "latncy.p99"; did you mean "latency.p99"?'],
    ['proccessings < 5', 'unknown metric "proccessings"; did you mean "processings"?'],
    ['latency < 5s', '"latency" needs one statistic: latency.count, latency.mean, latency.p50'],
    ['latency.p98 < 5s', 'unknown statistic "p98" in "latency.p98"; expected one of count, mean, p50, p90, p95, p99, p999, max; did you mean "p90"?'],
    ['latency{reason=viewport_chnge}.p95 < 300ms', 'unknown reason "viewport_chnge" in "latency{reason=viewport_chnge}.p95"; expected one of viewport_change, filter_change, initial_request, event_update; did you mean "viewport_change"?'],
    ['latency{user=1}.p95 < 300ms', 'only latency takes a label, and only {reason=...}'],
    ['marks{reason=viewport_change} > 1', 'only latency takes a label'],
    ['latency.p99', '"latency.p99" has no comparison; write it as <metric> <op> <value>, e.g. latency.p99 < 5s'],
    ['latency.p99 <', 'has no value after <'],
    ['latency.p99 < soon', 'in "latency.p99 < soon": expected a duration such as 200ms, 5s, 2m or 1m30s (a bare number is ms), got "soon"'],
    ['marks > many', 'in "marks > many": expected a number or a percentage, got "many"'],
    ['a / b / c < 1', 'at most one division (a / b) is allowed'],
    ['< 5', 'a metric name is missing'],
  ])('refuses %j with a message that says why', (text, message) => {
    expect(() => parseExpectation(text)).toThrow(ExpectationSyntaxError);
    expect(() => parseExpectation(text)).toThrow(message);
  });

  it('knows every metric it documents', () => {
    const names = knownMetricNames();
    for (const name of names) {
      expect(() => parseExpectation(`${name} >= 0`)).not.toThrow();
    }
    expect(names).toContain('latency{reason=initial_request}.p999');
    expect(names).toContain('divergedClients');
  });
});

describe('evaluateExpectations', () => {
  const summary = makeSummary({
    counters: { marks: 1000, processings: 250, errors: 0, cpuBusyFraction: 0.25 },
    latency: {
      overall: latencyStats(100, { p99Ms: 800 }),
      byReason: {
        viewport_change: latencyStats(200, { p95Ms: 310 }),
        filter_change: EMPTY_LATENCY,
        initial_request: EMPTY_LATENCY,
        event_update: latencyStats(2000, { maxMs: 4900 }),
      },
    },
    eventLoopLag: latencyStats(1, { p99Ms: 12 }),
    consistency: { connectedClients: 1000, divergedClients: 2, examples: [] },
  });

  it('measures each assertion and says whether it held', () => {
    const expectations = [
      'latency.p99 < 5s',
      'latency{reason=viewport_change}.p95 < 300ms',
      'latency{reason=event_update}.max <= 4.9s',
      'processings / marks < 0.4',
      'divergedClients == 0',
      'eventLoopLag.p99 < 50ms',
      'cpuBusyFraction >= 25%',
    ].map(parseExpectation);
    const results = evaluateExpectations(expectations, summary);
    expect(results.map((r) => [r.text, r.measured, r.passed])).toEqual([
      ['latency.p99 < 5s', 800, true],
      ['latency{reason=viewport_change}.p95 < 300ms', 310, false],
      ['latency{reason=event_update}.max <= 4.9s', 4900, true],
      ['processings / marks < 0.4', 0.25, true],
      ['divergedClients == 0', 2, false],
      ['eventLoopLag.p99 < 50ms', 12, true],
      ['cpuBusyFraction >= 25%', 0.25, true],
    ]);
    expect(results[0]).toMatchObject({ metric: 'latency.p99', operator: '<', threshold: 5000 });
  });

  it('reads a ratio over nothing as 0 when nothing happened and as infinity otherwise', () => {
    const idle = makeSummary({ counters: { marks: 0, processings: 0 } });
    expect(measureMetric('processings / marks', idle)).toBe(0);
    const odd = makeSummary({ counters: { marks: 0, processings: 5 } });
    expect(measureMetric('processings / marks', odd)).toBe(Number.POSITIVE_INFINITY);
    expect(evaluateExpectations([parseExpectation('processings / marks < 0.4')], odd)[0]?.passed).toBe(false);
  });
});
