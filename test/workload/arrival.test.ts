import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/random/seeded-random.js';
import type { ArrivalShape } from '../../src/workload/arrival.js';
import { arrivalTimes, expectedArrivals, peakRatePerSecond, rateSegments } from '../../src/workload/arrival.js';

function schedule(shape: ArrivalShape, startMs: number, endMs: number, seed = 1): number[] {
  return [...arrivalTimes(shape, startMs, endMs, new SeededRandom(seed))];
}

describe('arrival shapes: exact schedules on small cases', () => {
  it('constant: the n-th arrival one interval after the previous, none at the end', () => {
    expect(schedule({ shape: 'constant', ratePerSecond: 10 }, 0, 1000)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(schedule({ shape: 'constant', ratePerSecond: 4 }, 500, 1000)).toEqual([750]);
    expect(schedule({ shape: 'constant', ratePerSecond: 0 }, 0, 10_000)).toEqual([]);
  });

  it('ramp: arrivals where the expected count reaches 1, 2, 3, ...', () => {
    // From 0 to 10/s over 2 s: the count so far is 2.5 t^2 (t in s), so the n-th arrival is at sqrt(n / 2.5) s.
    const expected = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => Math.sqrt(n / 2.5) * 1000);
    const got = schedule({ shape: 'ramp', fromPerSecond: 0, toPerSecond: 10, overMs: 2000, poisson: false }, 0, 2000);
    expect(got).toHaveLength(expected.length);
    got.forEach((t, i) => expect(t).toBeCloseTo(expected[i]!, 9));
  });

  it('ramp: stays at the final rate after the ramp', () => {
    const got = schedule({ shape: 'ramp', fromPerSecond: 10, toPerSecond: 10, overMs: 500, poisson: false }, 0, 1000);
    expect(got).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
    const downhill = schedule({ shape: 'ramp', fromPerSecond: 20, toPerSecond: 0, overMs: 1000, poisson: false }, 0, 3000);
    // 10 expected arrivals in all, the last exactly where the rate reaches 0: excluded with the segment end.
    expect(downhill).toHaveLength(9);
    downhill.forEach((t, i) => expect(20 * (t / 1000) - 10 * (t / 1000) ** 2).toBeCloseTo(i + 1, 9));
  });

  it('spike: the base rate, then the peak for its duration, then the base again', () => {
    const got = schedule({ shape: 'spike', basePerSecond: 1, peakPerSecond: 10, atMs: 1000, forMs: 500, poisson: false }, 0, 3000);
    expect(got).toEqual([1000, 1100, 1200, 1300, 1400, 1500, 2500]);
  });

  it('poisson: a pure function of the seed, in order, inside the window, with the right mean', () => {
    const shape: ArrivalShape = { shape: 'poisson', ratePerSecond: 200 };
    const first = schedule(shape, 1000, 61_000, 7);
    expect(schedule(shape, 1000, 61_000, 7)).toEqual(first);
    expect(schedule(shape, 1000, 61_000, 8)).not.toEqual(first);
    for (let i = 1; i < first.length; i++) expect(first[i]!).toBeGreaterThanOrEqual(first[i - 1]!);
    expect(first[0]!).toBeGreaterThanOrEqual(1000);
    expect(first[first.length - 1]!).toBeLessThan(61_000);
    // 12,000 expected; a Poisson count has a standard deviation of about 110.
    expect(Math.abs(first.length - 12_000)).toBeLessThan(5 * 110);
  });

  it('poisson spike and ramp follow the rate: most arrivals fall where the rate is high', () => {
    const spike = schedule({ shape: 'spike', basePerSecond: 10, peakPerSecond: 1000, atMs: 2000, forMs: 1000, poisson: true }, 0, 5000, 3);
    const inSpike = spike.filter((t) => t >= 2000 && t < 3000).length;
    expect(inSpike).toBeGreaterThan(900);
    expect(spike.length - inSpike).toBeLessThan(80);
  });

  it('is lazy: an endless-looking schedule can be read a little at a time', () => {
    const iterator = arrivalTimes({ shape: 'poisson', ratePerSecond: 1e6 }, 0, 86_400_000 * 30, new SeededRandom(1));
    expect(iterator.next().value).toBeLessThan(1);
  });
});

describe('expected counts and peaks', () => {
  it('integrates the rate', () => {
    expect(expectedArrivals({ shape: 'constant', ratePerSecond: 10 }, 0, 60_000)).toBe(600);
    expect(expectedArrivals({ shape: 'ramp', fromPerSecond: 0, toPerSecond: 10, overMs: 2000, poisson: true }, 0, 4000)).toBe(10 + 20);
    expect(expectedArrivals({ shape: 'spike', basePerSecond: 1, peakPerSecond: 10, atMs: 1000, forMs: 500, poisson: true }, 0, 3000)).toBe(2.5 + 5);
    expect(peakRatePerSecond({ shape: 'spike', basePerSecond: 1, peakPerSecond: 10, atMs: 1000, forMs: 500, poisson: true }, 0, 3000)).toBe(10);
  });

  it('cuts a ramp at the phase end at the rate reached by then', () => {
    expect(rateSegments({ shape: 'ramp', fromPerSecond: 0, toPerSecond: 10, overMs: 4000, poisson: false }, 0, 2000)).toEqual([
      { startMs: 0, endMs: 2000, fromPerSecond: 0, toPerSecond: 5 },
    ]);
    expect(rateSegments({ shape: 'spike', basePerSecond: 1, peakPerSecond: 9, atMs: 5000, forMs: 1000, poisson: false }, 0, 5500)).toEqual([
      { startMs: 0, endMs: 5000, fromPerSecond: 1, toPerSecond: 1 },
      { startMs: 5000, endMs: 5500, fromPerSecond: 9, toPerSecond: 9 },
    ]);
  });
});
