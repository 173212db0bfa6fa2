import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeTune, closestPoint } from '../../src/tune/analysis.js';
import { paretoFront, type TradeOff } from '../../src/tune/pareto.js';
import { DEBOUNCE_BY_SWEEP, debounceBySweep, makeTuneResult } from './tune-fixture.js';

describe('paretoFront', () => {
  it('keeps the points nothing beats on both axes, cheapest first', () => {
    const points: TradeOff[] = [
      { index: 0, latency: 100, cost: 50 },
      { index: 1, latency: 200, cost: 10 },
      { index: 2, latency: 150, cost: 60 }, // beaten by 0
      { index: 3, latency: 90, cost: 80 },
      { index: 4, latency: 200, cost: 10 }, // ties 1: both stay
      { index: 5, latency: Number.NaN, cost: 1 },
    ];
    expect(paretoFront(points)).toEqual([1, 4, 0, 3]);
  });

  it('agrees with the definition on random points', () => {
    const tradeOff = fc.record({ latency: fc.integer({ min: 0, max: 20 }), cost: fc.integer({ min: 0, max: 20 }) });
    fc.assert(
      fc.property(fc.array(tradeOff, { maxLength: 30 }), (raw) => {
        const points = raw.map((p, index) => ({ ...p, index }));
        const dominated = (p: TradeOff) =>
          points.some((q) => q.latency <= p.latency && q.cost <= p.cost && (q.latency < p.latency || q.cost < p.cost));
        const expected = points.filter((p) => !dominated(p)).map((p) => p.index);
        expect([...paretoFront(points)].sort((a, b) => a - b)).toEqual(expected);
      }),
    );
  });
});

describe('analyzeTune', () => {
  const result = makeTuneResult(DEBOUNCE_BY_SWEEP, debounceBySweep);
  // p99 = 4 * debounce + sweep; processings = 100000 / debounce + 50000 / sweep; fails from p99 1000 ms.
  // #0 25/150: 250 ms, 4333  #1 25/500: 600, 4100  #2 50/150: 350, 2333
  // #3 50/500: 700, 2100     #4 100/150: 550, 1333 #5 100/500: 900, 1100

  it('ranks by the objective, lower first', () => {
    expect(analyzeTune(result).ranking).toEqual([0, 2, 4, 1, 3, 5]);
  });

  it('ranks a higher-is-better objective highest first', () => {
    const ranking = analyzeTune(result, { objective: 'processings', latency: 'latency.p99', cost: 'processings' }).ranking;
    expect(ranking).toEqual([5, 4, 3, 2, 1, 0]);
    const byPassed = analyzeTune(
      makeTuneResult(DEBOUNCE_BY_SWEEP, (values) => ({ ...debounceBySweep(values), passed: values[0] === '50' })),
      { objective: 'expectationsPassed', latency: 'latency.p99', cost: 'processings' },
    );
    expect(byPassed.ranking.slice(0, 2)).toEqual([2, 3]);
  });

  it('finds the front and recommends the cheapest point that meets every expectation', () => {
    const analysis = analyzeTune(result);
    expect(analysis.front).toEqual([5, 4, 2, 0]);
    expect(analysis.meeting).toEqual([0, 1, 2, 3, 4, 5]);
    expect(analysis.recommended).toBe(5);
    expect(analysis.closest).toBeNull();
  });

  it('skips points that miss an expectation on any seed', () => {
    const strict = makeTuneResult(DEBOUNCE_BY_SWEEP, (values, seed) => {
      const run = debounceBySweep(values, seed);
      return { ...run, passed: run.p99 < 600 };
    }, { seeds: [42, 43] });
    // #4 (550 ms on seed 42, 551 on 43) passes on both; #1 (600) fails on both.
    expect(analyzeTune(strict).recommended).toBe(4);
    expect(analyzeTune(strict).meeting).toEqual([0, 2, 4]);
  });

  it('breaks a cost tie by latency', () => {
    const tied = makeTuneResult(DEBOUNCE_BY_SWEEP, (values) => ({ p99: Number(values[1]) - Number(values[0]), processings: 7 }));
    // All cost 7; the lowest p99 is 150 - 100 at #4.
    expect(analyzeTune(tied).recommended).toBe(4);
  });

  it('recommends nothing when no point meets every expectation, and names the closest', () => {
    const failing = makeTuneResult(DEBOUNCE_BY_SWEEP, (values) => ({ ...debounceBySweep(values), passed: false }));
    const analysis = analyzeTune(failing);
    expect(analysis.recommended).toBeNull();
    // Every point fails one expectation; the closest is the best by objective.
    expect(analysis.closest).toBe(0);
    expect(closestPoint(failing.points, [3, 1])).toBe(3);
  });

  it('can trade latency against CPU instead of processings', () => {
    const analysis = analyzeTune(result, { objective: 'latency.p99', latency: 'latency.p99', cost: 'cpu' });
    expect(analysis.cost.key).toBe('cpuBusy');
    expect(analysis.recommended).toBe(5);
  });
});
