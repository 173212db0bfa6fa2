/**
 * The changes that affected one user and have not reached its client yet, kept compactly: per
 * reason, runs of (first time, last time, count). A run is exact while it holds one change or two
 * (its two ends); at RUN_LIMIT runs per reason neighbours are merged pairwise, and a merged run's
 * changes are taken as evenly spaced between its ends. So small cases are exact, and a user hit by
 * thousands of changes between two processings (the global feed in a storm) costs a few hundred
 * bytes, with each latency off by at most the width of its run.
 */
import { MARK_REASONS, type MarkReason } from '../batcher/ports.js';
import type { ChangeLatencySink } from './latency-sink.js';

/** Runs per reason before pairs are merged. */
export const RUN_LIMIT = 16;
/** A run with more changes than this is recorded in this many equal slices. */
const RECORD_SLICES = 64;

export const REASON_INDEX: Record<MarkReason, number> = {
  viewport_change: 0,
  filter_change: 1,
  initial_request: 2,
  event_update: 3,
};

export class PendingChanges {
  /**
   * Per reason index (fields, not an array of arrays: most users have one change of one reason, and
   * each array is one more allocation): flat [firstMs, lastMs, count] triples in time order, or null.
   */
  private runs0: number[] | null = null;
  private runs1: number[] | null = null;
  private runs2: number[] | null = null;
  private runs3: number[] | null = null;
  private total = 0;
  private oldest = Number.POSITIVE_INFINITY;

  private runsOf(reasonIndex: number): number[] | null {
    return reasonIndex === 0 ? this.runs0 : reasonIndex === 1 ? this.runs1 : reasonIndex === 2 ? this.runs2 : this.runs3;
  }

  private setRuns(reasonIndex: number, runs: number[] | null): void {
    if (reasonIndex === 0) this.runs0 = runs;
    else if (reasonIndex === 1) this.runs1 = runs;
    else if (reasonIndex === 2) this.runs2 = runs;
    else this.runs3 = runs;
  }

  get count(): number {
    return this.total;
  }

  /** When the oldest pending change happened (Infinity when none). */
  get oldestMs(): number {
    return this.oldest;
  }

  note(reasonIndex: number, atMs: number): void {
    const runs = this.runsOf(reasonIndex);
    if (runs === null) {
      this.setRuns(reasonIndex, [atMs, atMs, 1]);
      this.total++;
      if (atMs < this.oldest) this.oldest = atMs;
      return;
    }
    const n = runs.length;
    if (n > 0 && runs[n - 3] === atMs && runs[n - 2] === atMs) {
      // Same instant as the newest run, which is a point (a reload marks everyone at once): count it.
      runs[n - 1]! += 1;
    } else if (n > 0 && runs[n - 1] === 1 && runs[n - 3] === runs[n - 2] && atMs >= runs[n - 2]!) {
      // A single-change run becomes an exact two-change run.
      runs[n - 2] = atMs;
      runs[n - 1] = 2;
    } else {
      runs.push(atMs, atMs, 1);
      if (runs.length > RUN_LIMIT * 3) mergePairs(runs);
    }
    this.total++;
    if (atMs < this.oldest) this.oldest = atMs;
  }

  /** Moves every change of `other` into this one (other is left empty). */
  absorb(other: PendingChanges): void {
    for (let r = 0; r < 4; r++) {
      const theirs = other.runsOf(r);
      if (theirs === null) continue;
      const mine = this.runsOf(r);
      const merged = mine === null || mine.length === 0 ? theirs : mergeByTime(mine, theirs);
      while (merged.length > RUN_LIMIT * 3) mergePairs(merged);
      this.setRuns(r, merged);
      other.setRuns(r, null);
    }
    this.total += other.total;
    if (other.oldest < this.oldest) this.oldest = other.oldest;
    other.total = 0;
    other.oldest = Number.POSITIVE_INFINITY;
  }

  /** Reports every change as delivered at `deliveredAtMs`, and empties this set. */
  deliver(deliveredAtMs: number, sink: ChangeLatencySink): void {
    for (let r = 0; r < 4; r++) {
      const runs = this.runsOf(r);
      if (runs === null) continue;
      const reason = MARK_REASONS[r]!;
      for (let i = 0; i < runs.length; i += 3) {
        const first = runs[i]!;
        const last = runs[i + 1]!;
        const count = runs[i + 2]!;
        if (first === last) {
          sink.recordChangeLatency(reason, deliveredAtMs - first, count, deliveredAtMs);
        } else if (count <= RECORD_SLICES) {
          const step = (last - first) / (count - 1);
          for (let k = 0; k < count; k++) sink.recordChangeLatency(reason, deliveredAtMs - (first + step * k), 1, deliveredAtMs);
        } else {
          // Equal slices, each recorded at its midpoint with its share of the count.
          const width = (last - first) / RECORD_SLICES;
          let recorded = 0;
          for (let k = 0; k < RECORD_SLICES; k++) {
            const upTo = Math.round((count * (k + 1)) / RECORD_SLICES);
            const sliceCount = upTo - recorded;
            recorded = upTo;
            if (sliceCount > 0) sink.recordChangeLatency(reason, deliveredAtMs - (first + width * (k + 0.5)), sliceCount, deliveredAtMs);
          }
        }
      }
      this.setRuns(r, null);
    }
    this.total = 0;
    this.oldest = Number.POSITIVE_INFINITY;
  }
}

function mergePairs(runs: number[]): void {
  let n = 0;
  for (let i = 0; i < runs.length; i += 6) {
    if (i + 3 < runs.length) {
      runs[n] = runs[i]!;
      runs[n + 1] = runs[i + 4]!;
      runs[n + 2] = runs[i + 2]! + runs[i + 5]!;
    } else {
      runs[n] = runs[i]!;
      runs[n + 1] = runs[i + 1]!;
      runs[n + 2] = runs[i + 2]!;
    }
    n += 3;
  }
  runs.length = n;
}

function mergeByTime(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      out.push(a[i]!, a[i + 1]!, a[i + 2]!);
      i += 3;
    } else {
      out.push(b[j]!, b[j + 1]!, b[j + 2]!);
      j += 3;
    }
  }
  return out;
}
