/**
 * Hand-built RunSummary and RunSnapshot values for reporter and dashboard tests: realistic numbers
 * (a storm on the hybrid batcher), every field filled, and overrides for the case under test.
 */
import type { MarkReason } from '../../src/batcher/ports.js';
import type { RunSnapshot } from '../../src/engine/snapshot.js';
import type { ExpectationResult, LatencyStats, RunSummary, TimeSeriesPoint } from '../../src/metrics/summary.js';

export function latencyStats(p50Ms: number, overrides: Partial<LatencyStats> = {}): LatencyStats {
  return {
    count: 1000,
    meanMs: p50Ms * 1.2,
    p50Ms,
    p90Ms: p50Ms * 3,
    p95Ms: p50Ms * 4,
    p99Ms: p50Ms * 8,
    p999Ms: p50Ms * 12,
    maxMs: p50Ms * 15,
    ...overrides,
  };
}

export const EMPTY_LATENCY: LatencyStats = {
  count: 0,
  meanMs: 0,
  p50Ms: 0,
  p90Ms: 0,
  p95Ms: 0,
  p99Ms: 0,
  p999Ms: 0,
  maxMs: 0,
};

export function latencyByReason(): Record<MarkReason, LatencyStats> {
  return {
    viewport_change: latencyStats(210, { count: 4200 }),
    filter_change: latencyStats(205, { count: 120 }),
    initial_request: EMPTY_LATENCY,
    event_update: latencyStats(2400, { count: 18000 }),
  };
}

export function timeSeries(points = 6, stepMs = 1000): TimeSeriesPoint[] {
  return Array.from({ length: points }, (_, i) => ({
    atMs: (i + 1) * stepMs,
    dirtyUsers: [3, 40, 480, 900, 120, 8][i % 6] ?? 0,
    activeTimers: [3, 35, 300, 420, 90, 6][i % 6] ?? 0,
    marksPerSecond: [20, 300, 4200, 5100, 600, 30][i % 6] ?? 0,
    processingsPerSecond: [18, 150, 800, 950, 400, 25][i % 6] ?? 0,
    windowP99Ms: [220, 400, 3100, 4800, 1500, 230][i % 6] ?? 0,
  }));
}

export function expectation(overrides: Partial<ExpectationResult> = {}): ExpectationResult {
  return {
    text: 'latency.p99 < 5s',
    metric: 'latency.p99',
    operator: '<',
    threshold: 5000,
    measured: 3120.5,
    passed: true,
    ...overrides,
  };
}

export type SummaryOverrides = Partial<Omit<RunSummary, 'scenario' | 'counters' | 'run' | 'consistency'>> & {
  scenario?: Partial<RunSummary['scenario']>;
  counters?: Partial<RunSummary['counters']>;
  run?: Partial<RunSummary['run']>;
  consistency?: Partial<RunSummary['consistency']>;
};

export function makeSummary(overrides: SummaryOverrides = {}): RunSummary {
  const { scenario, counters, run, consistency, ...rest } = overrides;
  const base: RunSummary = {
    scenario: {
      name: 'storm',
      description: 'A cache reload marks every connected user dirty at once.',
      seed: 42,
      durationMs: 60_000,
      clock: 'virtual',
      strategy: 'hybrid',
      settings: {
        strategy: 'hybrid',
        debounceTimeoutMs: 200,
        sweepIntervalMs: 5000,
        maxBatchSize: 100,
        enableBatching: true,
      },
      ...scenario,
    },
    counters: {
      marks: 22_320,
      processings: 9_104,
      processingsPerMark: 9_104 / 22_320,
      marksPerProcessing: 22_320 / 9_104,
      noOpDiffs: 1_210,
      messages: 15_877,
      bytes: 4_718_592,
      duplicateProcessings: 0,
      duplicateProcessingsAvoided: 312,
      errors: 3,
      retries: 3,
      sweeperRuns: 12,
      sweepsSkipped: 0,
      debounceTimersFired: 7_880,
      batchesProcessed: 31,
      maxDirtyUsers: 950,
      maxActiveTimers: 430,
      cpuBusyFraction: 0.3125,
      redisCommands: { viewportWrites: 8_400, affectedUserLookups: 900, reads: 9_104, publishes: 9_104, total: 27_508 },
      changesApplied: 5_030,
      usersConnected: 1_000,
      usersDisconnected: 0,
      ...counters,
    },
    latency: { overall: latencyStats(390, { count: 22_320 }), byReason: latencyByReason() },
    eventLoopLag: latencyStats(0.4, { count: 9_000 }),
    staleness: { thresholdMs: 5000, samples: 60, maxStaleClients: 14, meanStaleClients: 1.5 },
    consistency: { connectedClients: 1000, divergedClients: 0, examples: [], ...consistency },
    timeSeries: timeSeries(),
    expectations: [
      expectation(),
      expectation({
        text: 'processings / marks < 0.5',
        metric: 'processings / marks',
        threshold: 0.5,
        measured: 9_104 / 22_320,
      }),
    ],
    passed: true,
    completed: true,
    run: { wallMs: 1_234, simulatedMs: 60_000, speed: 60_000 / 1_234, ...run },
    ...rest,
  };
  return base;
}

/** A summary where one expectation failed and two clients diverged. */
export function makeFailingSummary(): RunSummary {
  return makeSummary({
    expectations: [
      expectation({ text: 'latency.p99 < 500ms', threshold: 500, measured: 3120.5, passed: false }),
      expectation({
        text: 'processings / marks < 0.5',
        metric: 'processings / marks',
        threshold: 0.5,
        measured: 0.4079,
        passed: true,
      }),
    ],
    consistency: {
      connectedClients: 1000,
      divergedClients: 2,
      examples: [{ userId: 'user-17', missingIds: ['ev-3', 'ev-9'], extraIds: ['ev-40'], staleIds: [] }],
    },
    passed: false,
  });
}

export function makeSnapshot(overrides: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    simulatedMs: 30_000,
    durationMs: 60_000,
    wallMs: 600,
    speed: 50,
    activePhases: ['storm'],
    marksPerSecond: 4200,
    processingsPerSecond: 810,
    dirtyUsers: 480,
    activeTimers: 300,
    sweeperRuns: 6,
    errors: 1,
    marks: 11_000,
    processings: 4_400,
    cpuBusyFraction: 0.42,
    eventLoopLag: latencyStats(0.5, { count: 4000 }),
    latency: { overall: latencyStats(380, { count: 11_000 }), byReason: latencyByReason() },
    latencyBuckets: [
      { upToMs: 100, count: 120 },
      { upToMs: 250, count: 2400 },
      { upToMs: 500, count: 3800 },
      { upToMs: 1000, count: 1600 },
      { upToMs: 2500, count: 900 },
      { upToMs: 5000, count: 240 },
    ],
    recent: timeSeries(),
    ...overrides,
  };
}
