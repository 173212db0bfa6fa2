/**
 * The summary of a whole run: a small world on the real batcher and a recorder wired as the engine
 * wires them, measured and summarised; the counters must agree with what the parts counted.
 */
import { describe, expect, it } from 'vitest';
import { HybridUserUpdateBatcher } from '../../src/batcher/hybrid-user-update-batcher.js';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { combineObservers } from '../../src/metrics/combine-observers.js';
import { MetricsRecorder } from '../../src/metrics/metrics-recorder.js';
import { buildRunSummary, measureRun } from '../../src/metrics/run-summary.js';
import type { RunSummary } from '../../src/metrics/summary.js';
import { SeededRandom } from '../../src/random/seeded-random.js';
import { World } from '../../src/world/world.js';
import { testSettings } from '../world/helpers/settings.js';
import { randomChanges } from '../world/helpers/random-changes.js';

const SCENARIO: RunSummary['scenario'] = {
  name: 'small',
  description: 'a test',
  seed: 1,
  durationMs: 20_000,
  clock: 'virtual',
  strategy: 'hybrid',
  settings: {},
};

async function runSmallWorld() {
  const settings = testSettings({
    world: { users: { count: 200, withoutViewportShare: 0.1 }, events: { count: 400 } },
    costs: { transportLatency: { kind: 'lognormal', medianMs: 20, sigma: 0.5 }, cpuPerProcessingMs: 0.2, redisRoundTripsPerProcessing: 1, redisLatency: { kind: 'fixed', ms: 1 } },
    faults: { sendFailureRate: 0.05 },
  });
  const lagged: number[] = [];
  const clock = new VirtualClock({ onLag: (ms) => lagged.push(ms) });
  const metrics = new MetricsRecorder({ clock, sampleIntervalMs: 500, stalenessThresholdMs: 1000 });
  const world = new World({ clock, settings, random: new SeededRandom(9), latencySink: metrics });
  const batcher = new HybridUserUpdateBatcher(
    { clock, ...world.ports, observer: combineObservers(world.batcherObserver, metrics.batcherObserver) },
    { debounceTimeoutMs: 100, sweepIntervalMs: 1000 },
  );
  world.attachBatcher(batcher);
  metrics.attach({ batcherStats: () => batcher.getStats(), countStaleClients: (now, threshold) => world.countStaleClients(now, threshold) });
  batcher.start();
  metrics.startSampling();
  world.populate();
  for (const change of randomChanges({ settings, seed: 4, count: 2000, startMs: 10, meanGapMs: 8 })) {
    await clock.runUntil(change.atMs);
    world.applyChange(change);
  }
  await clock.runUntil(20_000);
  metrics.stopSampling();
  await batcher.stop();
  await clock.runAll({ limit: 1_000_000 });
  for (const ms of lagged) metrics.recordEventLoopLag(ms);
  const measured = measureRun({
    recorder: metrics,
    batcherStats: batcher.getStats(),
    worldStats: world.getStats(),
    clockUsage: clock.getStats(),
    simulatedMs: clock.now(),
    consistency: world.checkConsistency(),
    undeliveredChanges: world.pendingWork().undeliveredChanges,
  });
  return { measured, world, batcher, metrics, clock };
}

describe('run summary', () => {
  it('measures a run: counters agree with the batcher, the world and the recorder', async () => {
    const { measured, world, batcher, metrics, clock } = await runSmallWorld();
    const b = batcher.getStats();
    const w = world.getStats();
    const c = measured.counters;
    expect(c.marks).toBe(b.totalUsersMarkedDirty);
    expect(c.marks).toBe(w.marks);
    expect(c.processings).toBe(metrics.processings);
    expect(c.processings).toBe(b.totalUsersProcessed + b.totalProcessingErrors);
    expect(c.marksPerProcessing).toBeCloseTo(c.marks / c.processings, 12);
    expect(c.processingsPerMark).toBeCloseTo(c.processings / c.marks, 12);
    expect(c.messages).toBe(w.messages);
    expect(c.errors).toBeGreaterThan(0);
    expect(c.retries).toBeGreaterThan(0);
    expect(c.redisCommands.total).toBe(c.redisCommands.viewportWrites + c.redisCommands.affectedUserLookups + c.redisCommands.reads + c.redisCommands.publishes);
    expect(c.cpuBusyFraction).toBeCloseTo(clock.getStats().cpuBusyMs / clock.now(), 12);
    expect(c.cpuBusyFraction).toBeGreaterThan(0);
    expect(measured.consistency.divergedClients).toBe(0);
    expect(measured.world.undeliveredChanges).toBe(0);
    expect(measured.world.sendFailures).toBe(w.failedSends);
    // Every change that reached a client was measured once, whatever the reason.
    const byReason = Object.values(measured.latency.byReason).reduce((sum, s) => sum + s.count, 0);
    expect(measured.latency.overall.count).toBe(byReason);
    expect(measured.latency.byReason.initial_request.count).toBeGreaterThanOrEqual(200);
    // One point per 500 ms; CPU makes the interval timer late now and then, so a point or two fewer.
    expect(measured.timeSeries.length).toBeGreaterThanOrEqual(36);
    expect(measured.timeSeries.length).toBeLessThanOrEqual(40);
    for (let i = 1; i < measured.timeSeries.length; i++) {
      expect(measured.timeSeries[i]!.atMs - measured.timeSeries[i - 1]!.atMs).toBeGreaterThanOrEqual(500 - 1e-9);
    }
    expect(measured.eventLoopLag.count).toBe(clock.getStats().callbacksRun);
  });

  it('a run with a diverged client fails whatever its expectations say', async () => {
    const { measured } = await runSmallWorld();
    const run = { wallMs: 10, simulatedMs: 20_000, speed: 2000 };
    const expectation = { text: 'x', metric: 'x', operator: '<' as const, threshold: 1, measured: 0, passed: true };
    expect(buildRunSummary({ scenario: SCENARIO, measured, expectations: [expectation], completed: true, run }).passed).toBe(true);
    const diverged = { ...measured, consistency: { connectedClients: 10, divergedClients: 1, examples: [] } };
    expect(buildRunSummary({ scenario: SCENARIO, measured: diverged, expectations: [expectation], completed: true, run }).passed).toBe(false);
    const failing = { ...expectation, passed: false };
    expect(buildRunSummary({ scenario: SCENARIO, measured, expectations: [failing], completed: true, run }).passed).toBe(false);
  });
});
