/** Metrics: the recorder, the run summary in two steps, and the live snapshot parts. */
export { MetricsRecorder } from './metrics-recorder.js';
export type { MetricsRecorderOptions, MetricsSources, LatencyByReason } from './metrics-recorder.js';
export { measureRun, buildRunSummary } from './run-summary.js';
export type { MeasureRunInput, MeasuredRun, BuildRunSummaryInput, ClockUsage } from './run-summary.js';
export { liveMetrics } from './live-snapshot.js';
export type { LiveMetrics } from './live-snapshot.js';
export { combineObservers } from './combine-observers.js';
export { LatencyHistogram, EMPTY_LATENCY_STATS } from './latency-histogram.js';
export { LATENCY_BUCKET_BOUNDS_MS } from './latency-buckets.js';
export type * from './summary.js';
