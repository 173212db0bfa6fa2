import { describe, expect, it } from 'vitest';
import type { ProcessingRecord } from '../../src/batcher/ports.js';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { combineObservers } from '../../src/metrics/combine-observers.js';
import { liveMetrics } from '../../src/metrics/live-snapshot.js';
import { MetricsRecorder } from '../../src/metrics/metrics-recorder.js';

function setup(options: { sampleIntervalMs?: number; windowMs?: number } = {}) {
  const clock = new VirtualClock();
  const recorder = new MetricsRecorder({ clock, sampleIntervalMs: options.sampleIntervalMs ?? 1000, stalenessThresholdMs: 500, windowMs: options.windowMs });
  const state = { marks: 0, dirty: 0, timers: 0, stale: 0 };
  recorder.attach({
    batcherStats: () => ({ totalUsersMarkedDirty: state.marks, currentDirtyUsers: state.dirty, currentActiveTimers: state.timers }),
    countStaleClients: () => state.stale,
  });
  return { clock, recorder, state };
}

function processed(recorder: MetricsRecorder, outcome: 'sent' | 'failed' = 'sent'): void {
  const record: ProcessingRecord = { userId: 'u', trigger: 'debounce', firstMarkAtMs: 0, lastMarkAtMs: 0, markCount: 1, reasons: ['viewport_change'], startedAtMs: 0, endedAtMs: 0, outcome };
  recorder.batcherObserver.onProcessingStart?.(record);
  recorder.batcherObserver.onProcessingEnd?.(record);
}

describe('metrics recorder', () => {
  it('keeps latency per reason and overall', () => {
    const { recorder } = setup();
    recorder.recordChangeLatency('viewport_change', 100, 1);
    recorder.recordChangeLatency('event_update', 300, 3);
    const latency = recorder.latency();
    expect(latency.byReason.viewport_change).toMatchObject({ count: 1, p50Ms: 100 });
    expect(latency.byReason.event_update).toMatchObject({ count: 3, p50Ms: 300 });
    expect(latency.byReason.filter_change.count).toBe(0);
    expect(latency.overall).toMatchObject({ count: 4, meanMs: 250, maxMs: 300 });
    recorder.recordChangeLatency('filter_change', 500, 1);
    expect(recorder.latency().overall.count).toBe(5);
  });

  it('samples a time series on the clock: rates, gauges, a window p99 and stale clients', async () => {
    const { clock, recorder, state } = setup({ sampleIntervalMs: 1000, windowMs: 2000 });
    recorder.startSampling();
    state.marks = 50;
    state.dirty = 7;
    state.timers = 5;
    state.stale = 3;
    for (let i = 0; i < 20; i++) processed(recorder);
    recorder.recordChangeLatency('viewport_change', 40, 1);
    await clock.runUntil(1000);
    state.marks = 60;
    state.stale = 1;
    recorder.recordChangeLatency('viewport_change', 900, 1);
    await clock.runUntil(2000);
    await clock.runUntil(3000);
    recorder.stopSampling();
    const series = recorder.timeSeries();
    expect(series.map((p) => p.atMs)).toEqual([1000, 2000, 3000]);
    expect(series[0]).toEqual({ atMs: 1000, dirtyUsers: 7, activeTimers: 5, marksPerSecond: 50, processingsPerSecond: 20, windowP99Ms: 40 });
    expect(series[1]).toMatchObject({ marksPerSecond: 10, processingsPerSecond: 0, windowP99Ms: 900 });
    // The 40 ms delivery has left the 2 s window; the 900 ms one has not.
    expect(series[2]!.windowP99Ms).toBe(900);
    expect(recorder.staleness()).toEqual({ thresholdMs: 500, samples: 3, maxStaleClients: 3, meanStaleClients: 5 / 3 });
    expect(recorder.sampledMaxima()).toEqual({ dirtyUsers: 7, activeTimers: 5 });
    expect(clock.pendingCount()).toBe(0);
  });

  it('reads event-loop lag over every callback, the on-time ones as zero', () => {
    const { recorder } = setup();
    for (let i = 0; i < 10; i++) recorder.recordEventLoopLag(20);
    const lag = recorder.eventLoopLag(90);
    expect(lag).toMatchObject({ count: 100, p50Ms: 0, p90Ms: 0, p95Ms: 20, p99Ms: 20, maxMs: 20, meanMs: 2 });
    expect(recorder.eventLoopLag(0).p50Ms).toBe(20);
  });

  it('counts processings and failures from the observer, also when combined with another', () => {
    const { recorder } = setup();
    const seen: string[] = [];
    const observer = combineObservers({ onProcessingEnd: (r) => seen.push(r.outcome) }, undefined, recorder.batcherObserver);
    const record: ProcessingRecord = { userId: 'u', trigger: 'sweep', firstMarkAtMs: 0, lastMarkAtMs: 0, markCount: 1, reasons: [], startedAtMs: 0, endedAtMs: 1, outcome: 'failed' };
    observer.onProcessingStart?.(record);
    observer.onProcessingEnd?.(record);
    expect(seen).toEqual(['failed']);
    expect(recorder.processings).toBe(1);
    expect(recorder.failedProcessings).toBe(1);
    expect(recorder.startedProcessings).toBe(1);
  });

  it('gives the live snapshot parts from what it has so far', async () => {
    const { clock, recorder } = setup({ sampleIntervalMs: 100 });
    recorder.startSampling();
    recorder.recordChangeLatency('initial_request', 12, 1);
    await clock.runUntil(1000);
    recorder.stopSampling();
    const live = liveMetrics(recorder, 5);
    expect(live.recent).toHaveLength(5);
    expect(live.recent.at(-1)!.atMs).toBe(1000);
    expect(live.latency.overall.count).toBe(1);
    expect(live.latencyBuckets.find((b) => b.upToMs === 20)!.count).toBe(1);
  });

  it('rejects a sampling interval of zero and sampling before attach', () => {
    expect(() => new MetricsRecorder({ clock: new VirtualClock(), sampleIntervalMs: 0, stalenessThresholdMs: 1 })).toThrow(/sampleIntervalMs/);
    expect(() => new MetricsRecorder({ clock: new VirtualClock(), sampleIntervalMs: 10, stalenessThresholdMs: 1 }).sample()).toThrow(/attach/);
  });
});
