/**
 * A latency distribution: an HDR histogram (hdr-histogram-js, the pure-JS build: nothing to load
 * asynchronously) recording microseconds, 3 significant digits, plus exact count, sum, min and max
 * kept beside it. Percentiles are the histogram's (within 0.1%), clamped to the exact min and max, so
 * a single value reads back exactly; the mean is exact.
 */
import { build, type Histogram } from 'hdr-histogram-js';
import type { LatencyStats } from './summary.js';

export const EMPTY_LATENCY_STATS: LatencyStats = Object.freeze({
  count: 0,
  meanMs: 0,
  p50Ms: 0,
  p90Ms: 0,
  p95Ms: 0,
  p99Ms: 0,
  p999Ms: 0,
  maxMs: 0,
});

function newHistogram(): Histogram {
  return build({
    lowestDiscernibleValue: 1,
    // One hour in µs; autoResize covers anything longer.
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 32,
    autoResize: true,
    useWebAssembly: false,
  });
}

export class LatencyHistogram {
  private histogram: Histogram = newHistogram();
  private total = 0;
  private sumMs = 0;
  private minMs = Number.POSITIVE_INFINITY;
  private maxMs = 0;

  get count(): number {
    return this.total;
  }

  /** Records `count` occurrences of `ms` (negative values, which only a bug produces, count as 0). */
  record(ms: number, count = 1): void {
    const value = ms > 0 ? ms : 0;
    const micros = Math.round(value * 1000);
    if (count === 1) this.histogram.recordValue(micros);
    else this.histogram.recordValueWithCount(micros, count);
    this.total += count;
    this.sumMs += value * count;
    if (value < this.minMs) this.minMs = value;
    if (value > this.maxMs) this.maxMs = value;
  }

  /** Adds every value of `other` into this one. */
  add(other: LatencyHistogram): void {
    if (other.total === 0) return;
    this.histogram.add(other.histogram);
    this.total += other.total;
    this.sumMs += other.sumMs;
    if (other.minMs < this.minMs) this.minMs = other.minMs;
    if (other.maxMs > this.maxMs) this.maxMs = other.maxMs;
  }

  reset(): void {
    this.histogram.reset();
    this.total = 0;
    this.sumMs = 0;
    this.minMs = Number.POSITIVE_INFINITY;
    this.maxMs = 0;
  }

  /** The value (ms) at a percentile in 0..100. */
  percentileMs(percentile: number): number {
    if (this.total === 0) return 0;
    const ms = this.histogram.getValueAtPercentile(percentile) / 1000;
    return Math.min(this.maxMs, Math.max(this.minMs, ms));
  }

  stats(): LatencyStats {
    if (this.total === 0) return EMPTY_LATENCY_STATS;
    return {
      count: this.total,
      meanMs: this.sumMs / this.total,
      p50Ms: this.percentileMs(50),
      p90Ms: this.percentileMs(90),
      p95Ms: this.percentileMs(95),
      p99Ms: this.percentileMs(99),
      p999Ms: this.percentileMs(99.9),
      maxMs: this.maxMs,
    };
  }

  /** Releases the counts array (a no-op for the JS build, kept for symmetry with WASM). */
  destroy(): void {
    this.histogram.destroy();
  }
}
