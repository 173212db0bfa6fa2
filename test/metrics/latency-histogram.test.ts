import { describe, expect, it } from 'vitest';
import { LatencyBuckets } from '../../src/metrics/latency-buckets.js';
import { EMPTY_LATENCY_STATS, LatencyHistogram } from '../../src/metrics/latency-histogram.js';

describe('latency histogram', () => {
  it('reads a single value back exactly, at microsecond resolution', () => {
    const h = new LatencyHistogram();
    h.record(80.123);
    expect(h.stats()).toEqual({ count: 1, meanMs: 80.123, p50Ms: 80.123, p90Ms: 80.123, p95Ms: 80.123, p99Ms: 80.123, p999Ms: 80.123, maxMs: 80.123 });
  });

  it('gives percentiles within 0.1% and an exact mean, count and max', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 10_000; i++) h.record(i / 10);
    const s = h.stats();
    expect(s.count).toBe(10_000);
    expect(s.meanMs).toBeCloseTo(500.05, 9);
    expect(s.maxMs).toBe(1000);
    for (const [value, expected] of [[s.p50Ms, 500], [s.p90Ms, 900], [s.p99Ms, 990], [s.p999Ms, 999]] as const) {
      expect(Math.abs(value - expected) / expected).toBeLessThan(0.0015);
    }
  });

  it('records counts, merges and resets', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    a.record(10, 99);
    b.record(1000, 1);
    a.add(b);
    expect(a.count).toBe(100);
    // Within the histogram's 3 significant digits.
    expect(Math.abs(a.stats().p50Ms - 10)).toBeLessThanOrEqual(0.01);
    expect(a.stats().maxMs).toBe(1000);
    expect(a.stats().meanMs).toBeCloseTo(19.9, 9);
    a.reset();
    expect(a.stats()).toEqual(EMPTY_LATENCY_STATS);
  });

  it('counts a negative value (a bug upstream) as zero rather than throwing', () => {
    const h = new LatencyHistogram();
    h.record(-5);
    expect(h.stats().maxMs).toBe(0);
  });
});

describe('latency buckets', () => {
  it('counts values under log-spaced upper bounds', () => {
    const buckets = new LatencyBuckets();
    buckets.record(0.5);
    buckets.record(1);
    buckets.record(150, 3);
    buckets.record(1e9);
    const snapshot = buckets.snapshot();
    expect(snapshot.find((b) => b.upToMs === 1)!.count).toBe(2);
    expect(snapshot.find((b) => b.upToMs === 200)!.count).toBe(3);
    expect(snapshot.at(-1)).toEqual({ upToMs: Number.POSITIVE_INFINITY, count: 1 });
  });
});
