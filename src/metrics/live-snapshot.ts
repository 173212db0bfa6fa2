/**
 * The metric parts of a RunSnapshot, cheap enough for every dashboard repaint: latency stats so far
 * (the overall histogram is merged only when new latencies arrived), the fixed latency buckets, and
 * the recent time-series points. The engine adds the run's own fields (time, speed, phases, stats).
 */
import type { RunSnapshot } from '../engine/snapshot.js';
import type { MetricsRecorder } from './metrics-recorder.js';

export type LiveMetrics = Pick<
  RunSnapshot,
  'latency' | 'latencyBuckets' | 'recent' | 'eventLoopLag' | 'marksPerSecond' | 'processingsPerSecond' | 'processings'
>;

export function liveMetrics(recorder: MetricsRecorder, recentCount = 60, onTimeCallbacks = 0): LiveMetrics {
  const recent = recorder.recentPoints(recentCount);
  const last = recent[recent.length - 1];
  return {
    latency: recorder.latency(),
    latencyBuckets: recorder.latencyBuckets(),
    recent,
    eventLoopLag: recorder.eventLoopLag(onTimeCallbacks),
    marksPerSecond: last?.marksPerSecond ?? 0,
    processingsPerSecond: last?.processingsPerSecond ?? 0,
    processings: recorder.processings,
  };
}
