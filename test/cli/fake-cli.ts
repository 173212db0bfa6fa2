/**
 * main() with fakes around it: captured streams, a controllable wall clock, Ctrl-C on demand and a
 * fake simulator whose scenarios, summaries and failures each test chooses. Fast and exact, so the
 * CLI's decisions (exit codes, outputs, interrupts) are tested without the engine.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { RunScenarioOptions, ScenarioOverrides, ShippedScenario, SimulatorBackend } from '../../src/cli/backend.js';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import type { RunSnapshot } from '../../src/engine/snapshot.js';
import type { RunSummary } from '../../src/metrics/summary.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import type { ResolvedScenario } from '../../src/scenario/resolved.js';
import { makeSnapshot, makeSummary } from '../helpers/summary-fixture.js';

export class CapturedStream extends Writable {
  readonly chunks: string[] = [];
  constructor(
    readonly isTTY = false,
    readonly columns = 120,
    readonly rows = 60,
  ) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk.toString());
    callback();
  }
  get text(): string {
    return this.chunks.join('');
  }
}

/** What a harness hands main() or a command: captured streams, an empty stdin, Ctrl-C on demand. */
export interface FakeCliIo {
  io: CliIo;
  stdout: CapturedStream;
  stderr: CapturedStream;
  /** Presses Ctrl-C: calls the handler the CLI subscribed, if any. */
  interrupt(): void;
}

export function fakeCliIo(parts: {
  cwd: string;
  backend: SimulatorBackend;
  env?: Record<string, string | undefined>;
  nowMs?: () => number;
  forceExit?: (code: number) => void;
  stderr?: CapturedStream;
}): FakeCliIo {
  const stdout = new CapturedStream();
  const stderr = parts.stderr ?? new CapturedStream();
  let handler: (() => void) | null = null;
  const io: CliIo = {
    stdout,
    stderr,
    stdin: new CapturedStream() as unknown as NodeJS.ReadableStream,
    env: { ...parts.env },
    cwd: parts.cwd,
    backend: parts.backend,
    nowMs: parts.nowMs ?? (() => 0),
    onInterrupt(subscribed) {
      handler = subscribed;
      return () => {
        handler = null;
      };
    },
    forceExit: parts.forceExit ?? (() => undefined),
  };
  return { io, stdout, stderr, interrupt: () => handler?.() };
}

export function makeScenario(overrides: Partial<ResolvedScenario> = {}): ResolvedScenario {
  return {
    name: 'storm',
    description: 'A storm of event updates.',
    seed: 1,
    durationMs: 60_000,
    clock: 'virtual',
    batcher: {
      strategy: 'hybrid',
      debounceTimeoutMs: 200,
      sweepIntervalMs: 5000,
      maxBatchSize: 100,
      enableBatching: true,
      maxWaitMs: 5000,
      maxConcurrentProcessing: 16,
      timerMode: 'wheel',
      sweepBatchMode: 'parallel',
    },
    simulation: {
      world: {
        area: { minX: 0, minY: 0, maxX: 1, maxY: 1 },
        users: { count: 10, withoutViewportShare: 0, viewportSizeDeg: { min: 0.1, max: 0.2 }, filteredShare: 0, hotspots: [] },
        events: { count: 10, capacity: 100, categories: [], statuses: ['VERIFIED'], privateShare: 0 },
        resultCap: { viewport: 1000, global: 300 },
      },
      costs: {
        cpuPerProcessingMs: 0.2,
        cpuPerEventMs: 0.002,
        redisRoundTripsPerProcessing: 1,
        redisLatency: { kind: 'fixed', ms: 1 },
        viewportWritesPerChange: 2,
        transportLatency: { kind: 'fixed', ms: 5 },
      },
      faults: { sendFailureRate: 0, outages: [], filterErrorRate: 0 },
    },
    workload: [],
    expect: [],
    sampleIntervalMs: 1000,
    stalenessThresholdMs: 5000,
    sourcePath: null,
    warnings: [],
    ...overrides,
  } as ResolvedScenario;
}

export interface FakeRun {
  /** The summary returned; receives the scenario and whether the run was aborted. */
  summary?: (scenario: ResolvedScenario, aborted: boolean) => RunSummary;
  /** Snapshots sent before the run ends, each after advancing the fake wall clock by stepWallMs. */
  snapshots?: number;
  stepWallMs?: number;
  /** Wait for the abort signal before returning (an endless run the person stops). */
  untilAborted?: boolean;
  throws?: unknown;
}

export interface FakeCliOptions {
  /** Scenario files in the temporary current directory, by name; each is written there (content unused). */
  files?: Record<string, ResolvedScenario | ScenarioError>;
  shipped?: ShippedScenario[];
  run?: FakeRun;
  stderrIsTTY?: boolean;
  env?: Record<string, string | undefined>;
}

export interface FakeCliResult {
  code: number;
  stdout: string;
  stderr: string;
  loads: { path: string; overrides: ScenarioOverrides | undefined }[];
  runs: { scenario: ResolvedScenario; options: RunScenarioOptions }[];
  forcedExits: number[];
  cwd: string;
}

export interface FakeCli {
  cwd: string;
  /** Ctrl-C, as the process would deliver it. */
  interrupt(): void;
  /** Resolves once a run has started (for tests that interrupt it). */
  runStarted: Promise<void>;
  exec(...args: string[]): Promise<FakeCliResult>;
}

export function fakeCli(options: FakeCliOptions = {}): FakeCli {
  const cwd = mkdtempSync(join(tmpdir(), 'batcher-sim-cli-'));
  const files = new Map<string, ResolvedScenario | ScenarioError>();
  for (const [name, content] of Object.entries(options.files ?? { 'storm.yaml': makeScenario() })) {
    writeFileSync(join(cwd, name), '# parsed by the fake backend\n');
    files.set(join(cwd, name), content);
  }
  const shipped = options.shipped ?? [{ name: 'isolated', path: '/shipped/isolated.yaml', description: 'Sparse changes.' }];
  let current: FakeCliIo | null = null;
  let wallMs = 0;
  let signalRunStarted: () => void = () => {};
  const runStarted = new Promise<void>((resolve) => {
    signalRunStarted = resolve;
  });

  return {
    cwd,
    runStarted,
    interrupt: () => current?.interrupt(),
    async exec(...args) {
      const stderr = new CapturedStream(options.stderrIsTTY === true);
      const loads: FakeCliResult['loads'] = [];
      const runs: FakeCliResult['runs'] = [];
      const forcedExits: number[] = [];
      const backend: SimulatorBackend = {
        async loadScenarioFile(path, overrides) {
          loads.push({ path, overrides });
          const found = files.get(path) ?? (path.startsWith('/shipped/') ? makeScenario({ name: path.slice(9, -5) }) : undefined);
          if (found === undefined) throw new Error(`fake backend: no file ${path}`);
          if (found instanceof ScenarioError) throw found;
          return found;
        },
        async listShippedScenarios() {
          return shipped;
        },
        async runScenario(scenario, runOptions) {
          runs.push({ scenario, options: runOptions });
          signalRunStarted();
          const run = options.run ?? {};
          if (run.throws !== undefined) throw run.throws;
          const snapshots = run.snapshots ?? 0;
          for (let i = 1; i <= snapshots; i++) {
            wallMs += run.stepWallMs ?? 1000;
            const snapshot: RunSnapshot = makeSnapshot({ simulatedMs: (i / snapshots) * scenario.durationMs, wallMs });
            runOptions.onSnapshot?.(snapshot);
            await new Promise((resolve) => setImmediate(resolve));
          }
          if (run.untilAborted === true && runOptions.signal?.aborted !== true) {
            await new Promise<void>((resolve) => runOptions.signal?.addEventListener('abort', () => resolve(), { once: true }));
          }
          const aborted = runOptions.signal?.aborted === true;
          return (
            run.summary?.(scenario, aborted) ??
            makeSummary({ scenario: { name: scenario.name }, completed: !aborted, run: aborted ? { simulatedMs: 12_000 } : {} })
          );
        },
      };
      const fake = fakeCliIo({ cwd, backend, env: { ...options.env }, nowMs: () => wallMs, forceExit: (code) => forcedExits.push(code), stderr });
      current = fake;
      const { io, stdout } = fake;
      const code = await main(['node', 'batcher-sim', ...args], io);
      return { code, stdout: stdout.text, stderr: stderr.text, loads, runs, forcedExits, cwd };
    },
  };
}
