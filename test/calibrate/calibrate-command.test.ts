/**
 * `batcher-sim calibrate` with a stand-in engine: what it loads, what it runs, what it prints and
 * writes, and its exit codes. The command is registered on its own program here, the way
 * src/cli/program.ts registers every command.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import type { RunScenarioOptions, ScenarioOverrides, SimulatorBackend } from '../../src/cli/backend.js';
import { registerCalibrateCommand } from '../../src/cli/commands/calibrate.js';
import type { CliContext } from '../../src/cli/context.js';
import type { RunSummary } from '../../src/metrics/summary.js';
import type { ResolvedScenario } from '../../src/scenario/resolved.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { fakeCliIo, type FakeCliIo } from '../cli/fake-cli.js';
import { latencyByReason, latencyStats, makeSummary } from '../helpers/summary-fixture.js';

const SCENARIO = 'name: tiny\nduration: 60s\nworld: { users: { count: 500 } }\nworkload:\n  - { type: isolated, arrival: 5/s }\n';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  loads: ScenarioOverrides[];
  runs: ResolvedScenario[];
  cwd: string;
}

interface FakeOptions {
  /** The real run's summary, given the virtual one. */
  real?: (virtual: RunSummary) => RunSummary;
  /** Abort during the real run (as Ctrl-C would). */
  interruptDuringReal?: boolean;
}

async function calibrate(args: string[], options: FakeOptions = {}): Promise<Outcome> {
  const cwd = mkdtempSync(join(tmpdir(), 'batcher-sim-calibrate-'));
  writeFileSync(join(cwd, 'tiny.yaml'), SCENARIO);
  const loads: ScenarioOverrides[] = [];
  const runs: ResolvedScenario[] = [];
  let fake: FakeCliIo | undefined;
  const backend: SimulatorBackend = {
    async loadScenarioFile(path, overrides = {}) {
      loads.push(overrides);
      const { loadScenarioFile } = await import('../../src/scenario/load.js');
      return loadScenarioFile(path, overrides);
    },
    listShippedScenarios: async () => [],
    async runScenario(scenario: ResolvedScenario, runOptions: RunScenarioOptions) {
      runs.push(scenario);
      const virtual = makeSummary({ scenario: { name: scenario.name, clock: 'virtual' } });
      if (scenario.clock === 'virtual') return virtual;
      if (options.interruptDuringReal === true) {
        fake?.interrupt();
        expect(runOptions.signal?.aborted).toBe(true);
        return makeSummary({ scenario: { name: scenario.name, clock: 'real' }, completed: false });
      }
      return options.real?.(virtual) ?? makeSummary({ scenario: { name: scenario.name, clock: 'real' } });
    },
  };
  fake = fakeCliIo({ cwd, backend });
  const { io, stdout, stderr } = fake;
  const context: CliContext = { io, version: '0.0.0-test', exitCode: 0 };
  const program = new Command('batcher-sim')
    .exitOverride()
    .configureOutput({ writeOut: (t) => stdout.write(t), writeErr: (t) => stderr.write(t) });
  registerCalibrateCommand(program, context);
  let code: number;
  try {
    await program.parseAsync(['calibrate', ...args], { from: 'user' });
    code = context.exitCode;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = 2;
  }
  return { code, stdout: stdout.text, stderr: stderr.text, loads, runs, cwd };
}

describe('batcher-sim calibrate', () => {
  it('loads the scenario shortened to 20 s and runs it on the virtual, then the real clock, same seed', async () => {
    const outcome = await calibrate(['tiny.yaml', '--users', '200', '--seed', '9']);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.loads).toEqual([{ set: ['world.users.count=200'], durationMs: 20_000, clock: 'virtual', seed: 9 }]);
    expect(outcome.runs.map((s) => s.clock)).toEqual(['virtual', 'real']);
    const [virtual, real] = outcome.runs;
    expect({ ...real, clock: 'virtual' }).toEqual(virtual);
    expect(real?.simulation.world.users.count).toBe(200);
    expect(real?.durationMs).toBe(20_000);
    expect(outcome.stderr).toContain('calibrating tiny: virtual clock');
    expect(outcome.stderr).toContain('calibrating tiny: real clock: takes 20.00 s of wall time');
    expect(outcome.stderr).toMatch(/processings\s+│\s+9,104\s+│\s+9,104/);
    expect(outcome.stderr).toContain('CALIBRATED');
  });

  it('exits 1 and names the figures outside tolerance', async () => {
    const outcome = await calibrate(['tiny.yaml', '--duration', '5s', '--no-color'], {
      real: (virtual) =>
        makeSummary({
          latency: { overall: latencyStats(600, { count: 22_320 }), byReason: latencyByReason() },
          counters: { processings: Math.round(virtual.counters.processings * 1.1) },
        }),
    });
    expect(outcome.code).toBe(1);
    expect(outcome.loads[0]?.durationMs).toBe(5000);
    expect(outcome.stderr).toMatch(/processings .* OUTSIDE/);
    expect(outcome.stderr).toMatch(/overall p50 .* OUTSIDE/);
    expect(outcome.stderr).toMatch(/OUTSIDE TOLERANCE: \d+ of \d+ judged figures/);
  });

  it('writes the rows and both summaries as JSON', async () => {
    const outcome = await calibrate(['tiny.yaml', '--json', 'calibration.json', '-q']);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).not.toContain('calibrating');
    const json = JSON.parse(readFileSync(join(outcome.cwd, 'calibration.json'), 'utf8')) as {
      schemaVersion: number;
      passed: boolean;
      rows: { metric: string; within: boolean | null }[];
      runs: { virtual: RunSummary; real: RunSummary };
    };
    expect(json.schemaVersion).toBe(1);
    expect(json.passed).toBe(true);
    expect(json.rows.map((r) => r.metric)).toContain('latency{reason=event_update}.p99');
    expect(json.runs.real.scenario.clock).toBe('real');
  });

  it('refuses bad flags and bad scenarios with exit 2, before running anything', async () => {
    for (const args of [['tiny.yaml', '--users', '0'], ['tiny.yaml', '--users', 'many'], ['tiny.yaml', '--duration', 'soon'], ['tiny.yaml', '--strategy', 'fast']]) {
      const outcome = await calibrate(args);
      expect(outcome.code, args.join(' ')).toBe(2);
      expect(outcome.runs).toEqual([]);
    }
    const bad = await calibrate(['tiny.yaml', '--set', 'batcher.debounce=-5ms']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--set batcher.debounce=-5ms');
    expect(bad.runs).toEqual([]);
  });

  it('stops on Ctrl-C with exit 130 and says the comparison is partial', async () => {
    const outcome = await calibrate(['tiny.yaml'], { interruptDuringReal: true });
    expect(outcome.code).toBe(130);
    expect(outcome.stderr).toContain('interrupted: partial results');
  });

  it('has a scenario the real loader accepts (the fixture is not the reason a test passes)', () => {
    expect(parseScenarioText(SCENARIO, 'tiny.yaml').workload).toHaveLength(1);
  });
});
