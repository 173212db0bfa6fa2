/**
 * main() in-process with the real scenario loader and a stand-in engine: bad input is judged by the
 * code users meet, and a run that does get through returns a canned summary at once (the engine's
 * own robustness is tested in test/robustness). Streams are captured; nothing touches the terminal.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunScenarioOptions, SimulatorBackend } from '../../src/cli/backend.js';
import { main } from '../../src/cli/main.js';
import type { RunSummary } from '../../src/metrics/summary.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import type { ResolvedScenario } from '../../src/scenario/resolved.js';
import { listShippedScenarios } from '../../src/scenario/shipped.js';
import { makeSummary } from '../helpers/summary-fixture.js';
import { CapturedStream, fakeCliIo } from '../cli/fake-cli.js';

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
  /** Scenarios that reached the engine, in order. */
  runs: ResolvedScenario[];
  /** stderr length when each run started: what had been printed before it. */
  stderrBeforeRun: string[];
}

export interface CliHarnessOptions {
  cwd?: string;
  /** What the stand-in engine returns; default a passing summary named after the scenario. */
  summary?: (scenario: ResolvedScenario, options: RunScenarioOptions) => RunSummary | Promise<RunSummary>;
  /** Replace the engine altogether (robustness tests use the real one). */
  runScenario?: SimulatorBackend['runScenario'];
  env?: Record<string, string>;
}

export function tempDir(prefix = 'batcher-sim-fuzz-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs `batcher-sim ...args` in-process. */
export async function runCli(args: readonly string[], options: CliHarnessOptions = {}): Promise<CliOutcome> {
  const stderr = new CapturedStream();
  const runs: ResolvedScenario[] = [];
  const stderrBeforeRun: string[] = [];
  const backend: SimulatorBackend = {
    loadScenarioFile: async (path, overrides) => loadScenarioFile(path, overrides),
    listShippedScenarios: async () => listShippedScenarios(),
    runScenario: async (scenario, runOptions) => {
      runs.push(scenario);
      stderrBeforeRun.push(stderr.text);
      if (options.runScenario !== undefined) return options.runScenario(scenario, runOptions);
      return (
        (await options.summary?.(scenario, runOptions)) ??
        makeSummary({ scenario: { name: scenario.name, seed: scenario.seed, durationMs: scenario.durationMs } })
      );
    },
  };
  const { io, stdout } = fakeCliIo({
    cwd: options.cwd ?? tempDir(),
    backend,
    env: { ...options.env },
    nowMs: () => performance.now(),
    forceExit: (code) => {
      throw new Error(`the CLI tried to force an exit with ${code}`);
    },
    stderr,
  });
  const code = await main(['node', 'batcher-sim', ...args], io);
  return { code, stdout: stdout.text, stderr: stderr.text, runs, stderrBeforeRun };
}
