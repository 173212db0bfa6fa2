/**
 * `batcher-sim compare <scenario> --strategy hybrid,debounce,sweep --variant name:key=value,...`:
 * the scenario under each strategy or setting, on the same seed, side by side in one table with the
 * best value of each row marked. Human output on stderr, `--json` without a file on stdout.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { HEAVY_COMMAND_SUMMARIES } from '../command-summaries.js';
import { runCompare, variantRequest } from '../../compare/compare-plan.js';
import { toCompareJson } from '../../compare/compare-json.js';
import { buildComparison, type ComparedRun } from '../../compare/comparison.js';
import { formatComparisonTable } from '../../compare/comparison-table.js';
import { FlagError } from '../../compare/flag-error.js';
import { collectVariants, type Variant } from '../../compare/variant.js';
import { formatDurationMs } from '../../report/format.js';
import { createPainter, type Painter } from '../../report/paint.js';
import { summarizeVerdict } from '../../report/verdict.js';
import { ScenarioError } from '../../scenario/errors.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import { ProgressBar } from '../../tune/progress-bar.js';
import type { RunInThisThread } from '../../tune/scenario-runs.js';
import { RunAbortedError, WorkerTaskError } from '../../tune/worker-pool.js';
import type { ScenarioOverrides } from '../backend.js';
import { isContinuousIntegration, shouldUseColor } from '../color.js';
import type { CliContext } from '../context.js';
import { describeUnexpectedError } from '../describe-error.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { collectRepeated, collectSetFlag, parseDurationFlag, parseSeedFlag } from '../flag-parsers.js';
import type { CliIo } from '../io.js';
import { checkReportPaths } from '../report-outputs.js';
import { resolveScenarioTarget } from '../scenario-target.js';

const EXAMPLES = `
Examples:
  $ batcher-sim compare storm --strategy hybrid,debounce,sweep,immediate
  $ batcher-sim compare storm --strategy hybrid \\
      --variant original:batcher.debounce=200ms,batcher.sweep=5s,batcher.maxBatchSize=100 \\
      --variant tuned:batcher.debounce=40ms,batcher.sweep=150ms,batcher.maxBatchSize=500
  $ batcher-sim compare ./my-scenario.yaml --strategy hybrid,debounce-maxwait --seed 7 --json out.json

Every variant runs on the same seed. The best value in each row is marked with * (and green).
Runs go to worker threads, one per variant up to the number of cores (--workers 1: one after
another in this process). Exit code 1 when any variant misses an expectation.`;

export interface CompareFlags {
  strategy: string[];
  variant: string[];
  set: string[];
  seed?: number;
  /** ms, parsed from --duration. */
  duration?: number;
  clock?: 'virtual' | 'real';
  workers?: string;
  json?: string | boolean;
  quiet?: boolean;
  color: boolean;
}

/** `--workers n`: a whole number from 1; shared by compare and tune. */
export function parseWorkerCount(text: string): number {
  const count = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(count) || count < 1) {
    throw new FlagError('--workers', text, 'a whole number of worker threads from 1 (1 runs everything in this process)');
  }
  return count;
}

export function defaultWorkerCount(runs: number): number {
  return Math.max(1, Math.min(availableParallelism(), runs));
}

/** The in-process runner over the CLI's backend, so `--workers 1` uses exactly what `run` uses. */
export function backendRunner(io: CliIo): RunInThisThread {
  return async (request, signal) => {
    const scenario = await io.backend.loadScenarioFile(request.path, request.overrides);
    return io.backend.runScenario(scenario, signal === undefined ? {} : { signal });
  };
}

/** A progress bar on stderr unless quiet; in place on a terminal, occasional lines in logs. */
export function progressFor(io: CliIo, total: number, unit: string, quiet: boolean): ProgressBar | null {
  if (quiet) return null;
  const interactive = io.stderr.isTTY === true && !isContinuousIntegration(io.env) && io.env['TERM'] !== 'dumb';
  return new ProgressBar((text) => io.stderr.write(text), { total, unit, interactive, nowMs: () => io.nowMs() });
}

/** How a failed batch of runs is reported; returns the exit code. */
export function reportRunFailure(error: unknown, io: CliIo, describeTask: (taskIndex: number) => string): number {
  if (error instanceof RunAbortedError) {
    io.stderr.write('batcher-sim: interrupted; no results shown or written\n');
    return ExitCode.Interrupted;
  }
  if (error instanceof WorkerTaskError) {
    const { failure } = error;
    if (failure.name === 'ScenarioError' && failure.detail !== null) {
      io.stderr.write(`batcher-sim: ${describeTask(error.taskIndex)} is not a valid scenario:\n${failure.detail}\n`);
      return ExitCode.Usage;
    }
    io.stderr.write(`batcher-sim: the run of ${describeTask(error.taskIndex)} failed: ${describeUnexpectedError(error, io.env)}\n`);
    return ExitCode.RunFailed;
  }
  if (error instanceof ScenarioError) {
    io.stderr.write(`batcher-sim: ${error.sourceName} is not a valid scenario:\n${error.format()}\n`);
    return ExitCode.Usage;
  }
  io.stderr.write(`batcher-sim: a run failed: ${describeUnexpectedError(error, io.env)}\n`);
  return ExitCode.RunFailed;
}

function commonOverrides(flags: CompareFlags): ScenarioOverrides {
  const overrides: ScenarioOverrides = { set: flags.set };
  if (flags.seed !== undefined) overrides.seed = flags.seed;
  if (flags.duration !== undefined) overrides.durationMs = flags.duration;
  if (flags.clock !== undefined) overrides.clock = flags.clock;
  return overrides;
}

/** Loads every variant before running any, so one bad override fails at once with every problem. */
async function loadVariants(
  path: string,
  common: ScenarioOverrides,
  variants: readonly Variant[],
  io: CliIo,
): Promise<ResolvedScenario[] | null> {
  const loaded: ResolvedScenario[] = [];
  const problems: string[] = [];
  for (const variant of variants) {
    const request = variantRequest(path, common, variant);
    try {
      loaded.push(await io.backend.loadScenarioFile(request.path, request.overrides));
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      problems.push(`batcher-sim: variant ${variant.name}: ${error.sourceName} is not a valid scenario:\n${error.format().replace(/^/gm, '  ')}`);
    }
  }
  if (problems.length === 0) return loaded;
  io.stderr.write(`${problems.join('\n')}\n`);
  return null;
}

function heading(scenario: ResolvedScenario, variants: number, paint: Painter): string {
  return (
    `${paint.bold(scenario.name)}: ${variants} variants on seed ${scenario.seed}, ` +
    `${formatDurationMs(scenario.durationMs)} simulated, ${scenario.clock} clock`
  );
}

export async function compareCommand(target: string, flags: CompareFlags, context: CliContext): Promise<number> {
  const { io } = context;
  const paint = createPainter(shouldUseColor({ flag: flags.color, env: io.env, stream: io.stderr }));
  let variants: Variant[];
  let workers: number | undefined;
  try {
    variants = collectVariants(flags.strategy, flags.variant);
    workers = flags.workers === undefined ? undefined : parseWorkerCount(flags.workers);
  } catch (error) {
    if (error instanceof FlagError) throw new UsageError(error.message);
    throw error;
  }
  checkReportPaths({ json: flags.json }, io.cwd);
  const path = await resolveScenarioTarget(target, io.cwd, () => io.backend.listShippedScenarios());
  const common = commonOverrides(flags);
  const scenarios = await loadVariants(path, common, variants, io);
  if (scenarios === null) return ExitCode.Usage;
  const first = scenarios[0];
  if (first === undefined) return ExitCode.Usage;
  for (const warning of new Set(scenarios.flatMap((s) => s.warnings))) io.stderr.write(`${paint.warn('warning')}: ${warning}\n`);

  // Runs on the real clock measure wall time: sharing the cores would distort every one of them.
  const threads = workers ?? (first.clock === 'real' ? 1 : defaultWorkerCount(variants.length));
  io.stderr.write(`${heading(first, variants.length, paint)}\n`);
  const controller = new AbortController();
  const unsubscribe = io.onInterrupt(() => controller.abort());
  const progress = progressFor(io, variants.length, 'runs', flags.quiet === true);
  let runs: ComparedRun[];
  try {
    runs = await runCompare(path, common, variants, {
      workers: threads,
      runInThisThread: backendRunner(io),
      onRunDone: (_index, done) => progress?.update(done),
      signal: controller.signal,
    });
  } catch (error) {
    progress?.finish();
    return reportRunFailure(error, io, (index) => `variant ${variants[index]?.name ?? index}`);
  } finally {
    unsubscribe();
  }
  progress?.finish();

  const comparison = buildComparison(runs);
  const summaries = runs.map((run) => run.summary);
  io.stderr.write(`${formatComparisonTable(comparison, summaries, { color: paint.enabled })}\n`);
  if (flags.json !== undefined && flags.json !== false) {
    const meta = { toolVersion: context.version, generatedAt: new Date().toISOString() };
    const text = `${JSON.stringify(toCompareJson(runs, variants, comparison, meta), null, 2)}\n`;
    try {
      if (flags.json === true) io.stdout.write(text);
      else writeFileSync(resolve(io.cwd, flags.json), text);
    } catch (error) {
      io.stderr.write(`batcher-sim: could not write the report: ${error instanceof Error ? error.message : String(error)}\n`);
      return ExitCode.RunFailed;
    }
  }
  const failed = runs.filter((run) => !summarizeVerdict(run.summary).passed).map((run) => run.name);
  if (failed.length > 0) {
    io.stderr.write(`${paint.bad(`${failed.length} of ${runs.length} variants missed an expectation or diverged: ${failed.join(', ')}`)}\n`);
    return ExitCode.Failed;
  }
  return ExitCode.Passed;
}

export function registerCompareCommand(program: Command, context: CliContext): void {
  program
    .command('compare')
    .description(HEAVY_COMMAND_SUMMARIES.compare.description)
    .argument('<scenario>', 'a scenario file, or the name of a shipped scenario (see: batcher-sim list)')
    .option('--strategy <list>', 'strategies to compare, comma-separated, e.g. hybrid,debounce,sweep (repeatable)', collectRepeated, [])
    .option('--variant <name:key=value,...>', 'a named variant: settings overridden for it alone (repeatable)', collectRepeated, [])
    .option('--set <key=value>', 'override one scenario setting in every variant (repeatable)', collectSetFlag, [])
    .option('--seed <n>', 'seed of every run (default: the scenario\'s)', parseSeedFlag)
    .option('--duration <duration>', 'simulated duration, e.g. 30s or 2m', parseDurationFlag)
    .addOption(new Option('--clock <clock>', 'virtual (default in shipped scenarios) or real').choices(['virtual', 'real']))
    .option('--workers <n>', 'worker threads (default: one per variant up to the cores; 1 runs in this process)')
    .option('--json [file]', 'write the comparison as JSON to file, or to stdout without a file')
    .option('-q, --quiet', 'no progress bar')
    .option('--no-color', 'no colour (also: NO_COLOR=1; FORCE_COLOR=1 forces it)')
    .addHelpText('after', EXAMPLES)
    .action(async (target: string, flags: CompareFlags) => {
      context.exitCode = await compareCommand(target, flags, context);
    });
}
