import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run-scenario.js';
import type { RunSnapshot } from '../../src/engine/snapshot.js';
import type { RunSummary } from '../../src/metrics/summary.js';
import { loadScenarioFile, parseScenarioText } from '../../src/scenario/load.js';
import type { ScenarioOverrides } from '../../src/scenario/load.js';
import { STRATEGY_NAMES } from '../../src/scenario/resolved.js';

const directory = mkdtempSync(join(tmpdir(), 'batcher-sim-engine-'));

/** A world with no costs at all: every latency is the batcher's own delay, to the millisecond. */
const FREE_WORLD = `world:
  users: { count: 3, withoutViewport: 0, filtered: 0 }
  events: { count: 50 }
costs:
  cpuPerProcessing: 0
  cpuPerEvent: 0
  redisRoundTrips: 0
  redisLatency: 0
  viewportWrites: 0
  transportLatency: 0
`;

function scenarioWithTrace(lines: readonly object[], extra = '', overrides: ScenarioOverrides = {}) {
  const name = `s${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(directory, `${name}.jsonl`), lines.map((line) => JSON.stringify(line)).join('\n'));
  writeFileSync(join(directory, `${name}.yaml`), `duration: 10s\n${FREE_WORLD}${extra}workload:\n  - { type: replay, trace: ${name}.jsonl }\n`);
  return loadScenarioFile(join(directory, `${name}.yaml`), overrides);
}

function withoutWallTiming(summary: RunSummary): string {
  const { run, ...rest } = summary;
  return JSON.stringify({ ...rest, run: { simulatedMs: run.simulatedMs } });
}

describe('runScenario on the virtual clock', () => {
  it('measures a change to the millisecond: one debounce after it happened', async () => {
    const scenario = scenarioWithTrace([
      { at: 1000, type: 'viewport', userId: 'u0', viewport: [2.1, 48.7, 2.2, 48.8] },
      { at: 4000, type: 'filter', userId: 'u1', filters: [] },
    ]);
    const summary = await runScenario(scenario);
    expect(summary.completed).toBe(true);
    expect(summary.latency.byReason.viewport_change).toMatchObject({ count: 1, maxMs: 200 });
    expect(summary.latency.byReason.filter_change).toMatchObject({ count: 1, maxMs: 200 });
    // The three users connected at the start were processed one debounce later too.
    expect(summary.latency.byReason.initial_request).toMatchObject({ count: 3, maxMs: 200 });
    expect(summary.counters.changesApplied).toBe(2 + 3);
    expect(summary.consistency.divergedClients).toBe(0);
    expect(summary.passed).toBe(true);
  });

  it('reports the scenario, the settings in force and the expectations with their measured values', async () => {
    const scenario = scenarioWithTrace(
      [{ at: 1000, type: 'viewport', userId: 'u0', viewport: [2.1, 48.7, 2.2, 48.8] }],
      'batcher: { debounce: 50ms, sweep: 1s }\nexpect:\n  - latency{reason=viewport_change}.max == 50ms\n  - latency.p99 < 10ms\n',
    );
    const summary = await runScenario(scenario);
    expect(summary.scenario).toMatchObject({ seed: 1, durationMs: 10_000, clock: 'virtual', strategy: 'hybrid' });
    expect(summary.scenario.settings).toMatchObject({ strategy: 'hybrid', debounceTimeoutMs: 50, sweepIntervalMs: 1000, maxBatchSize: 100 });
    expect(summary.expectations.map((e) => [e.text, e.measured, e.passed])).toEqual([
      ['latency{reason=viewport_change}.max == 50ms', 50, true],
      ['latency.p99 < 10ms', 50, false],
    ]);
    expect(summary.passed).toBe(false);
    expect(summary.timeSeries.map((point) => point.atMs)).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000]);
    expect(summary.run.simulatedMs).toBe(10_000);
  });

  it('measures event-loop lag with a 20 ms probe, as on the real clock: every probe, on time as 0', async () => {
    const idle = await runScenario(scenarioWithTrace([{ at: 1000, type: 'filter', userId: 'u1', filters: [] }]));
    // Probes at 20, 40, ... 10,000 ms; nothing holds the loop in a world without costs.
    expect(idle.eventLoopLag).toMatchObject({ count: 500, p99Ms: 0, maxMs: 0 });

    // Three initial requests of 30 ms of CPU each, started together at 200 ms: the probe due at
    // 200 ms runs after them, 90 ms late.
    const busy = await runScenario(
      scenarioWithTrace([{ at: 5000, type: 'filter', userId: 'u1', filters: [] }], 'batcher: { debounce: 200ms, sweep: 1h }\n', {
        set: ['costs.cpuPerProcessing=30ms'],
      }),
    );
    expect(busy.eventLoopLag.maxMs).toBe(90);
    expect(busy.eventLoopLag.count).toBeLessThan(500);
    expect(busy.eventLoopLag.p50Ms).toBe(0);
  });

  it('merges overlapping phases by time and applies every change', async () => {
    const scenario = parseScenarioText(
      `duration: 5s
${FREE_WORLD}workload:
  - { type: isolated, arrival: { shape: constant, rate: 10/s }, mix: { viewport: 1 } }
  - { type: cleanup, at: [1s, 2.5s] }
  - { type: storm, start: 2s, duration: 1s, arrival: { shape: constant, rate: 20/s }, mix: { create: 1 } }
`,
      'merge.yaml',
    );
    const summary = await runScenario(scenario);
    // 49 viewport moves, 2 cache reloads, 19 creations, 3 connects.
    expect(summary.counters.changesApplied).toBe(49 + 2 + 19 + 3);
    expect(summary.world?.cacheReloads).toBe(2);
    expect(summary.world?.eventsCreated).toBe(50 + 19);
    expect(summary.consistency.divergedClients).toBe(0);
  });

  it('is deterministic: same scenario and seed, same summary byte for byte (but the wall timing)', async () => {
    const text = `duration: 20s
seed: 5
world: { users: { count: 300 }, events: { count: 500 } }
faults: { sendFailureRate: 5% }
workload:
  - { type: isolated, arrival: 20/s }
  - { type: storm, start: 5s, duration: 5s, arrival: 100/s, hotspots: world }
  - { type: panning, users: 10% }
  - { type: churn, arrival: 2/s }
`;
    const first = await runScenario(parseScenarioText(text, 'd.yaml'));
    const second = await runScenario(parseScenarioText(text, 'd.yaml'));
    expect(withoutWallTiming(second)).toBe(withoutWallTiming(first));
    const other = await runScenario(parseScenarioText(text, 'd.yaml', { seed: 6 }));
    expect(withoutWallTiming(other)).not.toBe(withoutWallTiming(first));
    expect(first.counters.errors).toBeGreaterThan(0);
    expect(first.consistency.divergedClients).toBe(0);
  });

  it.each(STRATEGY_NAMES)('runs the %s strategy to a consistent end', async (strategy) => {
    const scenario = parseScenarioText(
      `duration: 10s
world: { users: { count: 200 }, events: { count: 300 } }
workload:
  - { type: isolated, arrival: 20/s }
  - { type: storm, start: 2s, duration: 3s, arrival: 50/s }
`,
      's.yaml',
      { strategy },
    );
    const summary = await runScenario(scenario);
    expect(summary.scenario.strategy).toBe(strategy);
    expect(summary.completed).toBe(true);
    expect(summary.consistency.divergedClients).toBe(0);
    expect(summary.world?.undeliveredChanges).toBe(0);
    expect(summary.counters.processings).toBeGreaterThan(0);
  });
});

describe('snapshots, abort and pacing', () => {
  const text = `duration: 30s
world: { users: { count: 200 }, events: { count: 300 } }
workload:
  - { name: background, type: isolated, arrival: 20/s }
  - { name: rush, type: storm, start: 10s, duration: 5s, arrival: 50/s }
`;

  it('emits immutable snapshots while running and one at the end', async () => {
    const snapshots: RunSnapshot[] = [];
    const summary = await runScenario(parseScenarioText(text, 'snap.yaml'), {
      snapshotIntervalWallMs: 0,
      onSnapshot: (snapshot) => snapshots.push(snapshot),
    });
    expect(snapshots.length).toBeGreaterThan(10);
    const last = snapshots[snapshots.length - 1]!;
    expect(last.simulatedMs).toBe(30_000);
    expect(last.durationMs).toBe(30_000);
    expect(last.marks).toBe(summary.counters.marks);
    expect(Object.isFrozen(last)).toBe(true);
    for (let i = 1; i < snapshots.length; i++) expect(snapshots[i]!.simulatedMs).toBeGreaterThanOrEqual(snapshots[i - 1]!.simulatedMs);
    const during = snapshots.find((s) => s.simulatedMs >= 11_000 && s.simulatedMs < 15_000);
    expect(during?.activePhases).toEqual(['background', 'rush']);
  });

  it('stops the workload on abort, flushes, and says the run did not complete', async () => {
    const controller = new AbortController();
    const summary = await runScenario(parseScenarioText(text, 'abort.yaml'), {
      snapshotIntervalWallMs: 0,
      signal: controller.signal,
      onSnapshot: (snapshot) => {
        if (snapshot.simulatedMs >= 12_000) controller.abort();
      },
    });
    expect(summary.completed).toBe(false);
    expect(summary.run.simulatedMs).toBeGreaterThanOrEqual(12_000);
    expect(summary.run.simulatedMs).toBeLessThan(30_000);
    // What was pending when the run stopped was still delivered.
    expect(summary.consistency.divergedClients).toBe(0);
    expect(summary.world?.undeliveredChanges).toBe(0);
  });

  it('returns at once, flushed, when aborted before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const summary = await runScenario(parseScenarioText(text, 'early.yaml'), { signal: controller.signal });
    expect(summary.completed).toBe(false);
    expect(summary.run.simulatedMs).toBe(0);
    expect(summary.consistency.divergedClients).toBe(0);
  });

  it('plays virtual time at the requested speed (generous bounds)', async () => {
    const scenario = parseScenarioText(`duration: 400ms\n${FREE_WORLD}workload:\n  - { type: cleanup, at: 100ms }\n`, 'speed.yaml');
    const started = performance.now();
    const summary = await runScenario(scenario, { speed: 2 });
    const wallMs = performance.now() - started;
    expect(summary.completed).toBe(true);
    expect(wallMs).toBeGreaterThanOrEqual(150);
    expect(wallMs).toBeLessThan(5000);
  });
});

describe('runScenario on the real clock', () => {
  it('takes the scenario duration in wall time and ends consistent (generous bounds)', async () => {
    const scenario = scenarioWithTrace(
      [
        { at: 50, type: 'viewport', userId: 'u0', viewport: [2.1, 48.7, 2.2, 48.8] },
        { at: 100, type: 'cache-reload' },
      ],
      'batcher: { debounce: 20ms, sweep: 100ms }\n',
      { clock: 'real', durationMs: 300 },
    );
    const started = performance.now();
    const summary = await runScenario(scenario);
    const wallMs = performance.now() - started;
    expect(summary.scenario.clock).toBe('real');
    expect(summary.completed).toBe(true);
    expect(wallMs).toBeGreaterThanOrEqual(250);
    expect(wallMs).toBeLessThan(10_000);
    expect(summary.latency.byReason.viewport_change.count).toBe(1);
    expect(summary.latency.byReason.viewport_change.maxMs).toBeGreaterThanOrEqual(19);
    expect(summary.consistency.divergedClients).toBe(0);
  });

  it('starts time once the world is set up: initial requests wait one debounce, not the set-up too', async () => {
    // 100,000 events take a few hundred ms to set up; on the virtual clock that takes no time.
    const scenario = parseScenarioText(
      `duration: 300ms
clock: real
batcher: { debounce: 20ms, sweep: 1s }
world: { users: { count: 3, withoutViewport: 0, filtered: 0 }, events: { count: 100000 } }
costs: { cpuPerProcessing: 0, cpuPerEvent: 0, redisRoundTrips: 0, redisLatency: 0, viewportWrites: 0, transportLatency: 0 }
workload:
  - { type: isolated, arrival: 1/s }
`,
      'setup.yaml',
    );
    let settingUpAtMs = 0;
    let setUpWallMs = 0;
    const summary = await runScenario(scenario, {
      onStage: (stage) => {
        if (stage === 'setting-up') settingUpAtMs = performance.now();
        if (stage === 'running') setUpWallMs = performance.now() - settingUpAtMs;
      },
    });
    const initial = summary.latency.byReason.initial_request;
    expect(initial.count).toBe(3);
    expect(initial.maxMs).toBeGreaterThanOrEqual(19);
    // Generous: one debounce plus timer granularity and a busy machine, well short of the set-up.
    expect(setUpWallMs).toBeGreaterThan(150);
    expect(initial.maxMs).toBeLessThan(120);
    expect(summary.consistency.divergedClients).toBe(0);
  });
});
