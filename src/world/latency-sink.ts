/** Where the world reports per-change latencies (the metrics recorder implements it). */
import type { MarkReason } from '../batcher/ports.js';

export interface ChangeLatencySink {
  /**
   * `count` changes of this reason reached a client (or were found already reflected) `latencyMs`
   * after they happened; `atMs` is when that delivery happened.
   */
  recordChangeLatency(reason: MarkReason, latencyMs: number, count: number, atMs: number): void;
}

export const DISCARD_LATENCIES: ChangeLatencySink = { recordChangeLatency: () => {} };
