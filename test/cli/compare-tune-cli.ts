/**
 * compare, diff, tune and merge run through commander with the CLI's own error handling, a fake
 * simulator and captured streams. The fake applies `--set`-style overrides to the batcher settings
 * and derives each run's numbers from them, so the commands' decisions can be checked exactly.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerCompareCommand } from '../../src/cli/commands/compare.js';
import { registerDiffCommand } from '../../src/cli/commands/diff.js';
import { registerMergeCommand } from '../../src/cli/commands/merge.js';
import { registerTuneCommand } from '../../src/cli/commands/tune.js';
import type { ScenarioOverrides, SimulatorBackend } from '../../src/cli/backend.js';
import type { CliContext } from '../../src/cli/context.js';
import { UsageError } from '../../src/cli/errors.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import type { RunSummary } from '../../src/metrics/summary.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import type { ResolvedScenario, StrategyName } from '../../src/scenario/resolved.js';
import { expectation, latencyStats, makeSummary } from '../helpers/summary-fixture.js';
import { fakeCliIo, makeScenario, type FakeCliIo } from './fake-cli.js';

export interface FakeRunRecord {
  scenario: ResolvedScenario;
}

export interface CompareTuneCliOptions {
  /** The p99 a run measures, from its scenario. Default: 4 x debounce + sweep. */
  p99?: (scenario: ResolvedScenario) => number;
  /** Processings from the scenario. Default: 100000 / debounce + 50000 / sweep. */
  processings?: (scenario: ResolvedScenario) => number;
  /** The expectation's threshold on p99 (ms). Default 1000. */
  p99LimitMs?: number;
  /** Values of --set that the fake loader refuses, as a ScenarioError. */
  invalidValues?: string[];
  runThrows?: unknown;
  /** Press Ctrl-C while this run (1-based) is going on. */
  interruptDuringRun?: number;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  loads: { path: string; overrides: ScenarioOverrides | undefined }[];
  runs: FakeRunRecord[];
}

const SETTING: Record<string, 'debounceTimeoutMs' | 'sweepIntervalMs' | 'maxBatchSize'> = {
  'batcher.debounce': 'debounceTimeoutMs',
  'batcher.debounceTimeoutMs': 'debounceTimeoutMs',
  'batcher.sweep': 'sweepIntervalMs',
  'batcher.sweepIntervalMs': 'sweepIntervalMs',
  'batcher.maxBatchSize': 'maxBatchSize',
};

function applyOverrides(path: string, overrides: ScenarioOverrides | undefined, invalid: readonly string[]): ResolvedScenario {
  const base = makeScenario({ sourcePath: path, expect: [{ text: 'latency.p99 < 1s', metric: 'latency.p99', operator: '<', threshold: 1000 }] });
  const batcher = { ...base.batcher };
  for (const assignment of overrides?.set ?? []) {
    const [key = '', value = ''] = assignment.split('=');
    const field = SETTING[key];
    if (field === undefined || invalid.includes(value) || !/^\d+(ms)?$/.test(value)) {
      throw new ScenarioError(path, [{ source: `--set ${assignment}`, path: key, message: `not a setting the fake knows: ${value}` }]);
    }
    batcher[field] = Number(value.replace('ms', ''));
  }
  if (overrides?.strategy !== undefined) batcher.strategy = overrides.strategy as StrategyName;
  return {
    ...base,
    batcher,
    seed: overrides?.seed ?? base.seed,
    durationMs: overrides?.durationMs ?? base.durationMs,
    clock: overrides?.clock ?? base.clock,
  };
}

export function fakeSummary(scenario: ResolvedScenario, options: CompareTuneCliOptions): RunSummary {
  const { debounceTimeoutMs, sweepIntervalMs } = scenario.batcher;
  const p99 = options.p99?.(scenario) ?? 4 * debounceTimeoutMs + sweepIntervalMs + (scenario.seed - 1);
  const processings = options.processings?.(scenario) ?? Math.round(100_000 / debounceTimeoutMs + 50_000 / sweepIntervalMs);
  const limit = options.p99LimitMs ?? 1000;
  const passed = p99 < limit;
  return makeSummary({
    scenario: { name: scenario.name, seed: scenario.seed, strategy: scenario.batcher.strategy, durationMs: scenario.durationMs },
    counters: { processings, marksPerProcessing: 22_320 / processings },
    latency: { overall: latencyStats(p99 / 8, { p99Ms: p99 }), byReason: makeSummary().latency.byReason },
    expectations: [expectation({ text: `latency.p99 < ${limit}ms`, threshold: limit, measured: p99, passed })],
    passed,
  });
}

export function compareTuneCli(options: CompareTuneCliOptions = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'batcher-sim-tune-cli-'));
  const scenarioPath = join(cwd, 'storm.yaml');
  writeFileSync(scenarioPath, '# the fake backend does not read it\n');
  return {
    cwd,
    scenarioPath,
    write(name: string, text: string): string {
      writeFileSync(join(cwd, name), text);
      return join(cwd, name);
    },
    async exec(...args: string[]): Promise<CliResult> {
      const loads: CliResult['loads'] = [];
      const runs: FakeRunRecord[] = [];
      let fake: FakeCliIo | undefined;
      const backend: SimulatorBackend = {
        async loadScenarioFile(path, overrides) {
          loads.push({ path, overrides });
          return applyOverrides(path, overrides, options.invalidValues ?? []);
        },
        async listShippedScenarios() {
          return [];
        },
        async runScenario(scenario) {
          runs.push({ scenario });
          if (runs.length === options.interruptDuringRun) fake?.interrupt();
          if (options.runThrows !== undefined) throw options.runThrows;
          return fakeSummary(scenario, options);
        },
      };
      fake = fakeCliIo({ cwd, backend });
      const { io, stdout, stderr } = fake;
      const context: CliContext = { io, version: '0.1.0-test', exitCode: ExitCode.Passed };
      const program = new Command('batcher-sim')
        .exitOverride()
        .configureOutput({ writeOut: (text) => stdout.write(text), writeErr: (text) => stderr.write(text) });
      for (const register of [registerCompareCommand, registerDiffCommand, registerTuneCommand, registerMergeCommand]) {
        register(program, context);
      }
      let code: number;
      // The same mapping main() applies, so exit codes here are the CLI's.
      try {
        await program.parseAsync(['node', 'batcher-sim', ...args], { from: 'node' });
        code = context.exitCode;
      } catch (error) {
        if (error instanceof CommanderError) code = error.exitCode === 0 ? ExitCode.Passed : ExitCode.Usage;
        else if (error instanceof UsageError) {
          stderr.write(`batcher-sim: error: ${error.message}\n`);
          code = ExitCode.Usage;
        } else if (error instanceof ScenarioError) {
          stderr.write(`batcher-sim: ${error.sourceName} is not a valid scenario:\n${error.format()}\n`);
          code = ExitCode.Usage;
        } else {
          stderr.write(`batcher-sim: unexpected error: ${String(error)}\n`);
          code = ExitCode.RunFailed;
        }
      }
      return { code, stdout: stdout.text, stderr: stderr.text, loads, runs };
    },
  };
}
