/**
 * `batcher-sim run`: load every scenario first (so a typo in the third file fails before the first
 * runs), then run them in turn under the chosen live view, then write the reports and decide the
 * exit code. Ctrl-C or q stops the current run; its partial results are shown and written.
 */
import type { RunSummary } from '../metrics/summary.js';
import { createPainter } from '../report/paint.js';
import { summarizeVerdict } from '../report/verdict.js';
import { ScenarioError } from '../scenario/errors.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { ScenarioOverrides } from './backend.js';
import { isContinuousIntegration, shouldUseColor } from './color.js';
import { describeUnexpectedError } from './describe-error.js';
import { UsageError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { openLiveView, type LiveView, type LiveViewMode } from './live-view.js';
import { checkReportPaths, writeReports, type ReportRequests } from './report-outputs.js';
import { resolveScenarioTarget } from './scenario-target.js';

export interface RunFlags extends ReportRequests {
  clock?: 'virtual' | 'real';
  seed?: number;
  /** Already in ms (parsed from --duration). */
  duration?: number;
  strategy?: string;
  set: string[];
  speed?: number;
  quiet?: boolean;
  /** false with --no-color. */
  color: boolean;
  /** false with --no-dashboard. */
  dashboard: boolean;
}

export function chooseLiveViewMode(flags: RunFlags, io: CliIo): LiveViewMode {
  if (flags.quiet === true) return 'quiet';
  if (!flags.dashboard) return 'plain';
  if (io.stderr.isTTY !== true || isContinuousIntegration(io.env) || io.env['TERM'] === 'dumb') return 'plain';
  return 'dashboard';
}

function overridesOf(flags: RunFlags): ScenarioOverrides {
  const overrides: ScenarioOverrides = {};
  if (flags.set.length > 0) overrides.set = flags.set;
  if (flags.seed !== undefined) overrides.seed = flags.seed;
  if (flags.duration !== undefined) overrides.durationMs = flags.duration;
  if (flags.strategy !== undefined) overrides.strategy = flags.strategy;
  if (flags.clock !== undefined) overrides.clock = flags.clock;
  return overrides;
}

/** Loads every target; returns the scenarios, or prints every problem and returns null. */
async function loadAll(targets: readonly string[], flags: RunFlags, io: CliIo): Promise<ResolvedScenario[] | null> {
  const scenarios: ResolvedScenario[] = [];
  const problems: string[] = [];
  for (const target of targets) {
    try {
      const path = await resolveScenarioTarget(target, io.cwd, () => io.backend.listShippedScenarios());
      scenarios.push(await io.backend.loadScenarioFile(path, overridesOf(flags)));
    } catch (error) {
      if (error instanceof ScenarioError) {
        const count = error.problems.length === 1 ? '1 problem' : `${error.problems.length} problems`;
        problems.push(`batcher-sim: ${error.sourceName} is not a valid scenario (${count}):\n${indent(error.format())}`);
      } else if (error instanceof UsageError) {
        problems.push(`batcher-sim: error: ${error.message}`);
      } else {
        throw error;
      }
    }
  }
  if (problems.length === 0) return scenarios;
  io.stderr.write(`${problems.join('\n')}\n`);
  return null;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

export async function runScenarios(targets: readonly string[], flags: RunFlags, io: CliIo, toolVersion: string): Promise<number> {
  const color = shouldUseColor({ flag: flags.color, env: io.env, stream: io.stderr });
  const paint = createPainter(color);
  checkReportPaths(flags, io.cwd);
  const scenarios = await loadAll(targets, flags, io);
  if (scenarios === null) return ExitCode.Usage;

  const mode = chooseLiveViewMode(flags, io);
  const controller = new AbortController();
  let view: LiveView | null = null;
  let stopRequests = 0;
  const requestStop = (): void => {
    stopRequests++;
    if (stopRequests === 1) {
      controller.abort();
      view?.markStopping();
    } else {
      io.forceExit(ExitCode.Interrupted);
    }
  };
  const unsubscribe = io.onInterrupt(requestStop);

  const summaries: RunSummary[] = [];
  let runFailed = false;
  let invalidInput = false;
  try {
    for (const scenario of scenarios) {
      if (controller.signal.aborted) break;
      // Costly or surprising settings never stop a run, but a person should see them before it starts.
      for (const warning of scenario.warnings) io.stderr.write(`${paint.warn('warning')}: ${scenario.name}: ${warning}\n`);
      view = await openLiveView({ mode, scenario, speed: flags.speed, io, color, paint, onQuit: requestStop });
      let summary: RunSummary;
      try {
        summary = await io.backend.runScenario(scenario, {
          ...(flags.speed === undefined ? {} : { speed: flags.speed }),
          ...(view.snapshotIntervalWallMs === undefined
            ? {}
            : { onSnapshot: (snapshot) => view?.onSnapshot(snapshot), snapshotIntervalWallMs: view.snapshotIntervalWallMs }),
          signal: controller.signal,
        });
      } catch (error) {
        await view.close();
        if (error instanceof ScenarioError) {
          // Found only when the run opened it (a replay trace, say): still the person's input.
          io.stderr.write(`batcher-sim: ${error.sourceName} is not valid:\n${indent(error.format())}\n`);
          invalidInput = true;
        } else {
          io.stderr.write(`batcher-sim: the run of ${scenario.name} failed: ${describeUnexpectedError(error, io.env)}\n`);
          runFailed = true;
        }
        break;
      }
      await view.finish(summary);
      view = null;
      summaries.push(summary);
    }
  } finally {
    unsubscribe();
  }

  if (summaries.length > 0) {
    try {
      writeReports(summaries, flags, io, { toolVersion, generatedAt: new Date().toISOString() });
    } catch (error) {
      io.stderr.write(`batcher-sim: could not write a report: ${error instanceof Error ? error.message : String(error)}\n`);
      return ExitCode.RunFailed;
    }
  }

  if (runFailed) return ExitCode.RunFailed;
  if (invalidInput) return ExitCode.Usage;
  if (controller.signal.aborted || summaries.some((s) => !s.completed)) return ExitCode.Interrupted;
  return summaries.every((s) => summarizeVerdict(s).passed) ? ExitCode.Passed : ExitCode.Failed;
}
