import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.js';
import type { ScenarioOverrides } from '../../src/scenario/load.js';
import { loadScenarioFile, MAX_SCENARIO_BYTES, parseScenarioText } from '../../src/scenario/load.js';
import { SCENARIO_DEFAULTS } from '../../src/scenario/resolve.js';

const MINIMAL = `duration: 10s
workload:
  - type: isolated
    arrival: 5/s
`;

/** The formatted problems of a text that must fail to load. */
function problemsOf(text: string, overrides: ScenarioOverrides = {}): string[] {
  try {
    parseScenarioText(text, 'test.yaml', overrides);
  } catch (error) {
    if (error instanceof ScenarioError) return error.format().split('\n');
    throw error;
  }
  throw new Error('expected the scenario to be refused');
}

describe('parseScenarioText: a valid file', () => {
  it('fills every default of the design and the world', () => {
    const scenario = parseScenarioText(MINIMAL, 'scenarios/minimal.yaml');
    expect(scenario.name).toBe('minimal');
    expect(scenario.description).toBe('');
    expect(scenario.seed).toBe(1);
    expect(scenario.durationMs).toBe(10_000);
    expect(scenario.clock).toBe('virtual');
    expect(scenario.batcher).toEqual({
      strategy: 'hybrid',
      debounceTimeoutMs: 200,
      sweepIntervalMs: 5000,
      maxBatchSize: 100,
      enableBatching: true,
      maxWaitMs: 5000,
      maxConcurrentProcessing: 16,
      timerMode: 'wheel',
      sweepBatchMode: 'parallel',
    });
    expect(scenario.simulation.world.users.count).toBe(SCENARIO_DEFAULTS.world.users.count);
    expect(scenario.simulation.world.events.capacity).toBe(10_000);
    expect(scenario.simulation.faults).toEqual({ sendFailureRate: 0, outages: [], filterErrorRate: 0 });
    expect(scenario.workload).toEqual([
      {
        name: 'isolated',
        type: 'isolated',
        startMs: 0,
        endMs: 10_000,
        arrival: { shape: 'poisson', ratePerSecond: 5 },
        mix: { viewport: 0.6, filter: 0.1, event: 0.3 },
      },
    ]);
    expect(scenario.expect).toEqual([]);
    expect(scenario.sampleIntervalMs).toBe(1000);
    expect(scenario.stalenessThresholdMs).toBe(5000);
    expect(scenario.warnings).toEqual([]);
    expect(scenario.sourcePath).toBeNull();
  });

  it('reads every section in human units', () => {
    const scenario = parseScenarioText(
      `name: full
description: every section
seed: 7
duration: 2m
clock: real
batcher:
  strategy: debounce-maxwait
  debounce: 40ms
  sweep: 150ms
  maxBatchSize: 500
  enableBatching: true
  maxWait: 1s
  maxConcurrentProcessing: 8
  timerMode: per-user
  sweepBatchMode: sequential
world:
  area: { west: 10, south: 20, east: 11, north: 21 }
  users:
    count: 50
    withoutViewport: 10%
    viewportSize: { min: 1.1132km, max: 0.1deg }
    filtered: 0
    hotspots:
      - { lng: 10.5, lat: 20.5, radius: 11.132km, weight: 2 }
  events: { count: 100, capacity: 150, categories: [a, b], statuses: [VERIFIED], private: 1% }
  resultCap: { viewport: 50, global: 20 }
costs:
  cpuPerProcessing: 1ms
  cpuPerEvent: 5us
  redisRoundTrips: 3
  redisLatency: { kind: uniform, min: 1ms, max: 3ms }
  viewportWrites: 0
  transportLatency: 4ms
faults:
  sendFailureRate: 2%
  filterErrorRate: 0.5%
  outages: [{ start: 20s, duration: 5s }]
metrics: { sampleInterval: 500ms, stalenessThreshold: 2s }
workload:
  - { type: isolated, arrival: 0.1/s, perUser: true, mix: { viewport: 1 } }
expect:
  - latency.p99 < 5s
`,
      'full.yaml',
    );
    expect(scenario).toMatchObject({ name: 'full', description: 'every section', seed: 7, durationMs: 120_000, clock: 'real' });
    expect(scenario.batcher).toEqual({
      strategy: 'debounce-maxwait',
      debounceTimeoutMs: 40,
      sweepIntervalMs: 150,
      maxBatchSize: 500,
      enableBatching: true,
      maxWaitMs: 1000,
      maxConcurrentProcessing: 8,
      timerMode: 'per-user',
      sweepBatchMode: 'sequential',
    });
    const world = scenario.simulation.world;
    expect(world.area).toEqual({ minX: 10, minY: 20, maxX: 11, maxY: 21 });
    expect(world.users.count).toBe(50);
    expect(world.users.withoutViewportShare).toBeCloseTo(0.1, 12);
    expect(world.users.viewportSizeDeg.min).toBeCloseTo(0.01, 12);
    expect(world.users.viewportSizeDeg.max).toBe(0.1);
    expect(world.users.hotspots).toEqual([{ lng: 10.5, lat: 20.5, radiusDeg: expect.closeTo(0.1, 12), weight: 2 }]);
    expect(world.events).toEqual({ count: 100, capacity: 150, categories: ['a', 'b'], statuses: ['VERIFIED'], privateShare: 0.01 });
    expect(world.resultCap).toEqual({ viewport: 50, global: 20 });
    expect(scenario.simulation.costs).toEqual({
      cpuPerProcessingMs: 1,
      cpuPerEventMs: 0.005,
      redisRoundTripsPerProcessing: 3,
      redisLatency: { kind: 'uniform', minMs: 1, maxMs: 3 },
      viewportWritesPerChange: 0,
      transportLatency: { kind: 'fixed', ms: 4 },
    });
    expect(scenario.simulation.faults).toEqual({
      sendFailureRate: 0.02,
      filterErrorRate: 0.005,
      outages: [{ startMs: 20_000, endMs: 25_000 }],
    });
    expect(scenario.sampleIntervalMs).toBe(500);
    expect(scenario.stalenessThresholdMs).toBe(2000);
    // 0.1/s per user for 50 users: 5/s in all.
    expect(scenario.workload[0]).toMatchObject({ arrival: { shape: 'poisson', ratePerSecond: 5 }, mix: { viewport: 1, filter: 0, event: 0 } });
    expect(scenario.expect).toEqual([{ text: 'latency.p99 < 5s', metric: 'latency.p99', operator: '<', threshold: 5000 }]);
  });

  it('resolves every workload type and arrival shape', () => {
    const scenario = parseScenarioText(
      `duration: 60s
world: { users: { hotspots: [{ lng: 2.3, lat: 48.8, radius: 0.05 }] } }
workload:
  - { type: isolated, arrival: { shape: constant, rate: 2/s } }
  - { type: isolated, name: ramped, arrival: { shape: ramp, from: 1/s, to: 10/s, over: 20s, poisson: false } }
  - { type: storm, start: 10s, duration: 20s, arrival: { shape: spike, base: 10/s, peak: 500/s, at: 5s, duration: 2s }, hotspots: world, target: created, mix: { create: 1, update: 1 } }
  - { type: panning, users: 20%, frequency: 5Hz, burst: 2s, pause: { min: 1s, max: 4s }, speed: 1, zoom: 2 }
  - { type: cleanup, at: [30s, 15s] }
  - { type: cleanup, arrival: { shape: constant, rate: 1/min } }
  - { type: churn, arrival: 1/s, disconnect: 30%, reconnect: 0 }
`,
      'types.yaml',
    );
    const [constant, ramped, storm, panning, cleanupAt, cleanupArrival, churn] = scenario.workload;
    expect(constant).toMatchObject({ name: 'isolated-1', arrival: { shape: 'constant', ratePerSecond: 2 } });
    expect(ramped).toMatchObject({ name: 'ramped', arrival: { shape: 'ramp', fromPerSecond: 1, toPerSecond: 10, overMs: 20_000, poisson: false } });
    expect(storm).toEqual({
      name: 'storm',
      type: 'storm',
      startMs: 10_000,
      endMs: 30_000,
      arrival: { shape: 'spike', basePerSecond: 10, peakPerSecond: 500, atMs: 5000, forMs: 2000, poisson: true },
      mix: { create: 0.5, update: 0.5, move: 0, delete: 0 },
      hotspots: [{ lng: 2.3, lat: 48.8, radiusDeg: 0.05, weight: 1 }],
      target: 'created',
    });
    expect(panning).toEqual({
      name: 'panning',
      type: 'panning',
      startMs: 0,
      endMs: 60_000,
      userShare: 0.2,
      updateRatePerSecond: 5,
      burstMs: { min: 2000, max: 2000 },
      pauseMs: { min: 1000, max: 4000 },
      panSpeedPerSecond: 1,
      zoomPerSecond: 2,
      arrival: null,
    });
    expect(cleanupAt).toMatchObject({ name: 'cleanup-1', atMs: [15_000, 30_000], arrival: null });
    expect(cleanupArrival).toMatchObject({ name: 'cleanup-2', atMs: [0], arrival: { shape: 'constant', ratePerSecond: 1 / 60 } });
    expect(churn).toMatchObject({ arrival: { shape: 'poisson', ratePerSecond: 1 }, disconnectShare: 0.3, reconnectShare: 0 });
  });

  it('takes a ramp over the whole phase when no length is given, and cuts phases at the scenario end', () => {
    const scenario = parseScenarioText(
      `duration: 30s
workload:
  - { type: isolated, start: 10s, duration: 1h, arrival: { shape: ramp, from: 0, to: 10/s } }
`,
      'ramp.yaml',
    );
    expect(scenario.workload[0]).toMatchObject({ startMs: 10_000, endMs: 30_000, arrival: { overMs: 20_000, poisson: true } });
  });

  it('accepts empty optional sections', () => {
    const scenario = parseScenarioText(`${MINIMAL}batcher:\nworld:\nexpect:\n`, 'empty-sections.yaml');
    expect(scenario.batcher.debounceTimeoutMs).toBe(200);
    expect(scenario.expect).toEqual([]);
  });
});

describe('overrides', () => {
  it('sets values by path, as the file would, with the design names of batcher settings', () => {
    const scenario = parseScenarioText(`${MINIMAL}batcher:\n  debounce: 300ms\n`, 'o.yaml', {
      set: ['batcher.debounceTimeoutMs=100', 'batcher.sweep=1s', 'workload.isolated.arrival=20/s', 'world.users.count=10'],
    });
    expect(scenario.batcher.debounceTimeoutMs).toBe(100);
    expect(scenario.batcher.sweepIntervalMs).toBe(1000);
    expect(scenario.workload[0]).toMatchObject({ arrival: { shape: 'poisson', ratePerSecond: 20 } });
    expect(scenario.simulation.world.users.count).toBe(10);
  });

  it('addresses phases by index and by name', () => {
    const text = `duration: 10s
workload:
  - { name: calm, type: isolated, arrival: 1/s }
  - { name: rush, type: storm, arrival: 100/s }
`;
    const byIndex = parseScenarioText(text, 'p.yaml', { set: ['workload.1.arrival=5/s'] });
    const byName = parseScenarioText(text, 'p.yaml', { set: ['workload.rush.arrival=5/s'] });
    // The form problems are printed in, so a path copied from a message works as it is.
    const asPrinted = parseScenarioText(text, 'p.yaml', { set: ['workload[1].arrival=5/s'] });
    expect(byIndex.workload[1]).toMatchObject({ arrival: { ratePerSecond: 5 } });
    expect(byName.workload).toEqual(byIndex.workload);
    expect(asPrinted.workload).toEqual(byIndex.workload);
    expect(problemsOf(text, { set: ['workload[5].arrival=5/s'] })).toEqual([
      '--set workload[5].arrival=5/s  workload[5].arrival  workload has 2 item(s) (0..1); there is no 5',
    ]);
  });

  it('applies seed, duration, strategy and clock', () => {
    const scenario = parseScenarioText(MINIMAL, 'o.yaml', { seed: 99, durationMs: 5000, strategy: 'sweep', clock: 'real' });
    expect(scenario).toMatchObject({ seed: 99, durationMs: 5000, clock: 'real', batcher: { strategy: 'sweep' } });
  });

  it('reports bad overrides as coming from the flag', () => {
    expect(problemsOf(MINIMAL, { set: ['batcher.debounceTimeoutMs=soon'] })).toEqual([
      '--set batcher.debounceTimeoutMs=soon  batcher.debounceTimeoutMs  expected a duration such as 200ms, 5s, 2m or 1m30s (a bare number is ms), got "soon"',
    ]);
    expect(problemsOf(MINIMAL, { set: ['batcher.debounse=100'] })).toEqual([
      '--set batcher.debounse=100  batcher.debounse  unknown key "debounse"; did you mean "debounce"?',
    ]);
    expect(problemsOf(MINIMAL, { set: ['nonsense'] })).toEqual([
      '--set nonsense  (file)  expected key=value, e.g. --set batcher.debounceTimeoutMs=100',
    ]);
    expect(problemsOf(MINIMAL, { set: ['workload.isolatd.arrival=1/s'] })).toEqual([
      '--set workload.isolatd.arrival=1/s  workload.isolatd.arrival  workload has no item named "isolatd" (did you mean "isolated"?)',
    ]);
    expect(problemsOf(MINIMAL, { set: ['workload.3.arrival=1/s'] })).toEqual([
      '--set workload.3.arrival=1/s  workload.3.arrival  workload has 1 item(s) (0..0); there is no 3',
    ]);
    expect(problemsOf(MINIMAL, { strategy: 'fastest' })).toEqual([
      '--strategy fastest  batcher.strategy  expected one of "hybrid", "debounce", "debounce-maxwait", "sweep", "immediate", got "fastest"',
    ]);
    expect(problemsOf(MINIMAL, { durationMs: 0 })).toEqual(['--duration 0ms  duration  must be more than 0ms, got 0']);
  });
});

describe('errors: every problem at once, each with its place, value and fix', () => {
  it('reports all problems of a file in file order', () => {
    const text = `name: broken
duration: 60s
batcher:
  debounse: 200ms
  sweep: fast
  maxBatchSize: 0
  strategy: hybrd
world:
  users:
    count: 10000000
workload:
  - type: isolate
    arrival: 5/s
  - type: storm
    arrival: { shape: ramp, from: 1/s, to: lots }
    mix: { create: 2 }
expect:
  - latncy.p99 < 5s
  - foo
`;
    expect(problemsOf(text)).toEqual([
      'test.yaml:4:3  batcher.debounse  unknown key "debounse"; did you mean "debounce"?',
      'test.yaml:5:10  batcher.sweep  expected a duration such as 200ms, 5s, 2m or 1m30s (a bare number is ms), got "fast"',
      'test.yaml:6:17  batcher.maxBatchSize  must be at least 1, got 0',
      'test.yaml:7:13  batcher.strategy  expected one of "hybrid", "debounce", "debounce-maxwait", "sweep", "immediate", got "hybrd"; did you mean "hybrid"?',
      'test.yaml:10:12  world.users.count  must be at most 2,000,000, got 10000000: 10,000,000 users would need about 41 GB of memory',
      'test.yaml:12:11  workload[0].type  unknown type "isolate"; expected one of isolated, panning, storm, cleanup, churn, replay; did you mean "isolated"?',
      'test.yaml:15:44  workload[1].arrival.to  expected a rate such as 50/s, 3000/min or 10Hz (a bare number is per second), got "lots"',
      'test.yaml:16:20  workload[1].mix.create  must be at most 100%, got 2',
      'test.yaml:18:5  expect[0]  unknown metric "latncy.p99"; did you mean "latency.p99"?',
      'test.yaml:19:5  expect[1]  "foo" has no comparison; write it as <metric> <op> <value>, e.g. latency.p99 < 5s',
    ]);
  });

  it('names missing required settings at their parent', () => {
    expect(problemsOf('name: x\n')).toEqual([
      'test.yaml:1:1  duration  is required: a duration such as 200ms, 5s, 2m or 1m30s (a bare number is ms)',
      'test.yaml:1:1  workload  is required: a list',
    ]);
    expect(problemsOf(`duration: 1s\nworkload:\n  - type: storm\n`)).toEqual([
      'test.yaml:3:5  workload[0].arrival  is required: an arrival: a rate such as 50/s (Poisson), or { shape: constant|poisson|ramp|spike, ... }',
    ]);
    expect(problemsOf(`duration: 1s\nworkload:\n  - arrival: 1/s\n`)).toEqual([
      'test.yaml:3:5  workload[0].type  is required: one of isolated, panning, storm, cleanup, churn, replay',
    ]);
  });

  it('explains wrong types with the value found', () => {
    expect(problemsOf(`duration: 1s\nseed: abc\nclock: virtual\nworkload: 3\n`)).toEqual([
      'test.yaml:2:7  seed  expected a number, got "abc"',
      'test.yaml:4:11  workload  expected a list, got 3',
    ]);
    expect(problemsOf(`duration: true\nworkload: []\n`)).toEqual([
      'test.yaml:1:11  duration  expected a duration such as 200ms, 5s, 2m or 1m30s (a bare number is ms), got true',
      'test.yaml:2:11  workload  needs at least 1 item(s), got a list of 0',
    ]);
    expect(problemsOf(`${MINIMAL}seed: 1.5\nclock: wall\n`)).toEqual([
      'test.yaml:5:7  seed  expected a whole number, got 1.5',
      'test.yaml:6:8  clock  expected one of "virtual", "real", got "wall"',
    ]);
  });

  it('lists the known keys when no key is close', () => {
    expect(problemsOf(`${MINIMAL}costs:\n  zzz: 1\n`)).toEqual([
      'test.yaml:6:3  costs.zzz  unknown key "zzz"; expected one of cpuPerProcessing, cpuPerEvent, redisRoundTrips, redisLatency, viewportWrites, transportLatency',
    ]);
  });

  it('checks the forms of latencies and arrivals', () => {
    expect(
      problemsOf(`${MINIMAL}costs:\n  redisLatency: { kind: gamma, median: 1ms }\n  transportLatency: { kind: lognormal, median: 2ms }\n`),
    ).toEqual([
      'test.yaml:6:25  costs.redisLatency.kind  unknown kind "gamma"; expected one of fixed, uniform, normal, lognormal',
      'test.yaml:7:21  costs.transportLatency.sigma  is required: a number',
    ]);
    expect(problemsOf(`duration: 1s\nworkload:\n  - { type: storm, arrival: { shape: spiky, base: 1 } }\n`)).toEqual([
      'test.yaml:3:38  workload[0].arrival.shape  unknown shape "spiky"; expected one of constant, poisson, ramp, spike; did you mean "spike"?',
    ]);
  });

  it('checks rules across fields after the schema', () => {
    const text = `duration: 30s
batcher: { debounce: 100ms, debounceTimeoutMs: 200 }
world:
  area: { west: 3, south: 40, east: 2, north: 41 }
  users: { viewportSize: { min: 1deg, max: 0.5deg } }
  events: { count: 100, capacity: 50 }
workload:
  - { name: a, type: isolated, arrival: 1/s, mix: { viewport: 0 } }
  - { name: a, type: cleanup, start: 40s }
  - { type: panning, burst: { min: 3s, max: 1s } }
  - { type: cleanup, at: [10s, 50s] }
  - { type: cleanup, at: 1s, arrival: 1/s }
`;
    expect(problemsOf(text)).toEqual([
      'test.yaml:2:29  batcher.debounceTimeoutMs  "debounceTimeoutMs" and "debounce" are the same setting; keep one',
      'test.yaml:4:37  world.area.east  east (2) must be greater than west (3); areas do not wrap the antimeridian',
      'test.yaml:5:33  world.users.viewportSize.min  min (1deg) is above max (0.5deg)',
      'test.yaml:6:35  world.events.capacity  capacity 50 is below the 100 events the world starts with',
      'test.yaml:8:51  workload[0].mix  the shares add up to 0; give at least one of viewport, filter, event a share above 0',
      'test.yaml:9:13  workload[1].name  "a" is already the name of workload[0]; names must be unique',
      'test.yaml:9:38  workload[1].start  starts at 40000 ms, at or after the end of the scenario (30000 ms)',
      'test.yaml:10:36  workload[2].burst.min  min (3000 ms) is above max (1000 ms)',
      'test.yaml:11:32  workload[3].at[1]  50000 ms after the phase start is at or after the phase end (30000 ms)',
      'test.yaml:12:30  workload[4].arrival  give "at" or "arrival", not both',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const problems = problemsOf('duration: 1s\nworkload:\n  - type: isolated\n   arrival: 1/s\n  bad: [\n');
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/^test\.yaml:\d+:\d+ {2}\(file\) {2}YAML syntax: /);
    expect(problemsOf('duration: 1s\nduration: 2s\nworkload: []\n')).toEqual([
      'test.yaml:2:1  (file)  YAML syntax: Map keys must be unique',
    ]);
  });

  it('refuses empty files, lists and scalars at the top', () => {
    expect(problemsOf('')).toEqual(['test.yaml:1:1  (file)  the file is empty; a scenario needs at least duration and workload']);
    expect(problemsOf('# only a comment\n')).toEqual([
      'test.yaml:1:1  (file)  the file is empty; a scenario needs at least duration and workload',
    ]);
    expect(problemsOf('- a\n- b\n')).toEqual([
      'test.yaml:1:1  (file)  a scenario is a mapping of keys (name, duration, workload, ...), got a list',
    ]);
    expect(problemsOf('hello\n')).toEqual([
      'test.yaml:1:1  (file)  a scenario is a mapping of keys (name, duration, workload, ...), got a single value',
    ]);
  });

  it('refuses binary garbage and oversized text at once', () => {
    expect(problemsOf('duration: 1s\u0000\u0001\u0002')).toEqual([
      'test.yaml  (file)  not a scenario: it contains a NUL byte at character 13; it looks like a binary file, not YAML',
    ]);
    const started = performance.now();
    const huge = 'a'.repeat(MAX_SCENARIO_BYTES + 1);
    expect(problemsOf(huge)[0]).toContain('far above what a scenario needs');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuses alias bombs instead of expanding them', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const problems = problemsOf(`${lines.join('\n')}\n`);
    expect(problems[0]).toMatch(/YAML: .*alias/i);
  });

  it('throws a ScenarioError whose message lists the problems', () => {
    try {
      parseScenarioText('duration: soon\nworkload: []\n', 'x.yaml');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      const scenarioError = error as ScenarioError;
      expect(scenarioError.problems).toHaveLength(2);
      expect(scenarioError.problems[0]).toMatchObject({ path: 'duration', line: 1, column: 11 });
      expect(scenarioError.message).toBe(`x.yaml: 2 problems\n${scenarioError.format()}`);
    }
  });

  it('refuses a key that is a list with a problem of its own, and the YAML library prints nothing', () => {
    const warnings: unknown[] = [];
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation((warning: string | Error) => {
      warnings.push(warning);
    });
    try {
      const problems = problemsOf('duration: 10s\n? [a, b]\n: 1\nworkload:\n  - { type: isolated, arrival: 1/s }\n');
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('unknown key "[ a, b ]"');
    } finally {
      spy.mockRestore();
    }
    expect(warnings).toEqual([]);
  });

  it('shows control characters in a key as escapes, so each problem stays on its own line', () => {
    // Found by the CLI fuzz test: a flow mapping that starts with a carriage return and a tab.
    const problems = problemsOf('{\r\tduration: 10s, workload: [ { type: isolated, arrival: 20/s } ] }\n');
    expect(problems).toContain('test.yaml:1:2  \\r\\tduration  unknown key "\\r\\tduration"; did you mean "duration"?');
    for (const line of problems) expect(line).not.toMatch(/[\u0000-\u001f]/);
  });
});

describe('loadScenarioFile', () => {
  const directory = mkdtempSync(join(tmpdir(), 'batcher-sim-load-'));

  it('loads a file and remembers where it came from', () => {
    const path = join(directory, 'ok.yaml');
    writeFileSync(path, MINIMAL);
    const scenario = loadScenarioFile(path, { seed: 3 });
    expect(scenario).toMatchObject({ name: 'ok', seed: 3, sourcePath: path });
  });

  it('refuses a missing file, a directory and a 50 MB file without reading it', () => {
    expect(() => loadScenarioFile(join(directory, 'missing.yaml'))).toThrow(ScenarioError);
    expect(() => loadScenarioFile(directory)).toThrow('is a directory');
    const big = join(directory, 'big.yaml');
    writeFileSync(big, Buffer.alloc(50 * 1024 * 1024, 0x61));
    const started = performance.now();
    expect(() => loadScenarioFile(big)).toThrow('the file is 50.0 MiB, far above what a scenario needs');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses binary files', () => {
    const path = join(directory, 'binary.yaml');
    writeFileSync(path, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    expect(() => loadScenarioFile(path)).toThrow('looks like a binary file, not YAML');
  });
});
