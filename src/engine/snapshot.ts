/**
 * What the engine emits while a run goes on: immutable snapshots for the dashboard and progress
 * lines. Reporters never reach into the engine; they only read these.
 */
import type { LatencyStats, TimeSeriesPoint } from '../metrics/summary.js';
import type { MarkReason } from '../batcher/ports.js';

export interface RunSnapshot {
  simulatedMs: number;
  durationMs: number;
  wallMs: number;
  /** Simulated ms per wall ms so far. */
  speed: number;
  /** Names of the workload phases active now. */
  activePhases: readonly string[];
  marksPerSecond: number;
  processingsPerSecond: number;
  dirtyUsers: number;
  activeTimers: number;
  sweeperRuns: number;
  errors: number;
  marks: number;
  processings: number;
  /** Share (0..1) of simulated time the loop was busy so far. */
  cpuBusyFraction: number;
  eventLoopLag: LatencyStats;
  latency: { overall: LatencyStats; byReason: Record<MarkReason, LatencyStats> };
  /** Latency histogram buckets for a small terminal chart: upper bound in ms and count. */
  latencyBuckets: readonly { upToMs: number; count: number }[];
  /** Recent samples, oldest first, for sparklines. */
  recent: readonly TimeSeriesPoint[];
}
