import { describe, expect, it } from 'vitest';
import { FlagError } from '../../src/compare/flag-error.js';
import { evaluateRule, parseRegressionRule, relativeChange } from '../../src/compare/regression-rule.js';

describe('parseRegressionRule', () => {
  it('reads a relative rule', () => {
    const rule = parseRegressionRule('latency.p99 > +10%');
    expect(rule.metric.key).toBe('latency.p99');
    expect(rule).toMatchObject({ operator: '>', threshold: 0.1, relative: true });
  });

  it('reads absolute rules in the metric unit, with durations for times', () => {
    expect(parseRegressionRule('latency{reason=viewport_change}.p95 >= +50ms')).toMatchObject({
      operator: '>=',
      threshold: 50,
      relative: false,
    });
    expect(parseRegressionRule('latency.max > 1.5s')).toMatchObject({ threshold: 1500, relative: false });
    expect(parseRegressionRule('marksPerProcessing < -5%')).toMatchObject({ operator: '<', threshold: -0.05, relative: true });
    expect(parseRegressionRule('processings>+1000')).toMatchObject({ operator: '>', threshold: 1000, relative: false });
    expect(parseRegressionRule('passed < 0')).toMatchObject({ operator: '<', threshold: 0, relative: false });
  });

  it.each([
    ['latency.p99 +10%', /expected '<metric> <op> <signed change>'/],
    ['latency.p99 > ten', /expected '<metric> <op> <signed change>'/],
    ['latency.p98 > +10%', /a known metric, not "latency.p98"/],
    ['processings > +5ms', /processings is not a time/],
    ['latency.p99 > +5parsecs', /a duration unit/],
  ])('rejects %j with a message naming the flag', (text, message) => {
    expect(() => parseRegressionRule(text)).toThrow(FlagError);
    expect(() => parseRegressionRule(text)).toThrow(/^--fail-on /);
    expect(() => parseRegressionRule(text)).toThrow(message);
  });
});

describe('evaluateRule', () => {
  const p99 = parseRegressionRule('latency.p99 > +10%');

  it('fires only beyond the threshold', () => {
    expect(evaluateRule(p99, 1000, 1100).status).toBe('ok');
    expect(evaluateRule(p99, 1000, 1101).status).toBe('regressed');
    expect(evaluateRule(p99, 1000, 500).status).toBe('ok');
    expect(evaluateRule(p99, 1000, 1101).change).toBeCloseTo(0.101);
  });

  it('treats growth from zero as infinite and zero to zero as no change', () => {
    expect(relativeChange(0, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(relativeChange(0, 0)).toBe(0);
    expect(evaluateRule(parseRegressionRule('errors > +10%'), 0, 1).status).toBe('regressed');
    expect(evaluateRule(parseRegressionRule('errors > +10%'), 0, 0).status).toBe('ok');
  });

  it('catches a fall of a higher-is-better metric and a run that stopped passing', () => {
    expect(evaluateRule(parseRegressionRule('marksPerProcessing < -5%'), 2.0, 1.8).status).toBe('regressed');
    expect(evaluateRule(parseRegressionRule('marksPerProcessing < -5%'), 2.0, 1.95).status).toBe('ok');
    expect(evaluateRule(parseRegressionRule('passed < 0'), 1, 0).status).toBe('regressed');
    expect(evaluateRule(parseRegressionRule('passed < 0'), 0, 0).status).toBe('ok');
    expect(evaluateRule(parseRegressionRule('passed < 0'), 0, 1).status).toBe('ok');
  });

  it('applies absolute thresholds', () => {
    const rule = parseRegressionRule('latency.p99 > +50ms');
    expect(evaluateRule(rule, 200, 250).status).toBe('ok');
    expect(evaluateRule(rule, 200, 250.5).status).toBe('regressed');
  });

  it('reports a metric a file lacks as missing, not as fine', () => {
    expect(evaluateRule(p99, Number.NaN, 100).status).toBe('missing');
  });
});
