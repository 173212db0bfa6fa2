/**
 * Fixed log-spaced latency buckets for a small terminal histogram: counted directly (one array
 * increment per record), so the dashboard can read them at every repaint for nothing.
 */
export const LATENCY_BUCKET_BOUNDS_MS: readonly number[] = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, Number.POSITIVE_INFINITY,
];

export class LatencyBuckets {
  private readonly counts = new Float64Array(LATENCY_BUCKET_BOUNDS_MS.length);

  record(ms: number, count = 1): void {
    let i = 0;
    while (ms > LATENCY_BUCKET_BOUNDS_MS[i]!) i++;
    this.counts[i]! += count;
  }

  /** Upper bound and count of every bucket, in order (the last is unbounded). */
  snapshot(): { upToMs: number; count: number }[] {
    const out: { upToMs: number; count: number }[] = [];
    for (let i = 0; i < this.counts.length; i++) out.push({ upToMs: LATENCY_BUCKET_BOUNDS_MS[i]!, count: this.counts[i]! });
    return out;
  }
}
