/**
 * `batcher-sim tune <scenario> --grid key=v1,v2 --grid key=v1,v2 ...`: every combination of the
 * grid on the virtual clock, in parallel on worker threads, then the points sorted by an objective,
 * which meet every expectation, the Pareto front of latency against cost, the recommended setting
 * and, for two keys, a heat map. `--shard i/n` runs one share of the grid; `merge` joins the shares.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { HEAVY_COMMAND_SUMMARIES } from '../command-summaries.js';
import { FlagError } from '../../compare/flag-error.js';
import { canonicalMetricKey, MetricKeyError } from '../../compare/metric-catalog.js';
import { formatInteger } from '../../report/format.js';
import { createPainter } from '../../report/paint.js';
import { ScenarioError } from '../../scenario/errors.js';
import { analyzeTune, DEFAULT_METRIC_CHOICE, type TuneMetricChoice } from '../../tune/analysis.js';
import { formatTuneCsv } from '../../tune/csv.js';
import { gridSize, parseGrid, parseSeedCount, seedsFrom, type GridAxis } from '../../tune/grid.js';
import { startScenarioWorkers, type ScenarioWorkerPool } from '../../tune/scenario-runs.js';
import { parseShard, shardSize, type Shard } from '../../tune/shard.js';
import { formatTuneJson } from '../../tune/tune-json.js';
import { planTune, pointOverrides, runTune, type TunePlan } from '../../tune/tune-plan.js';
import type { TuneResult } from '../../tune/tune-result.js';
import { formatTuneReport } from '../../tune/tune-table.js';
import type { ScenarioOverrides } from '../backend.js';
import { shouldUseColor } from '../color.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { collectRepeated, collectSetFlag, parseDurationFlag, parseSeedFlag } from '../flag-parsers.js';
import type { CliIo } from '../io.js';
import { checkReportPaths } from '../report-outputs.js';
import { resolveScenarioTarget } from '../scenario-target.js';
import { backendRunner, defaultWorkerCount, parseWorkerCount, progressFor, reportRunFailure } from './compare.js';

const EXAMPLES = `
Examples:
  $ batcher-sim tune storm --grid batcher.debounce=25ms,50ms,100ms,200ms --grid batcher.sweep=150ms,500ms,2s,5s
  $ batcher-sim tune storm --grid batcher.maxBatchSize=100,500,2000 --seeds 5 --cost cpu
  $ batcher-sim tune storm --grid ... --shard 2/4 --json shard-2.json    (one job of a CI matrix)
  $ batcher-sim merge shard-*.json --csv grid.csv                       (the job that joins them)

Any setting can be a grid key (the same paths as --set). Every point runs on the virtual clock, on
worker threads (all cores by default; --workers 1 runs one after another in this process).
The recommended setting is the cheapest point (by --cost) that meets every expectation of the
scenario on every seed. Exit code 1 when no point does (a shard always exits 0 once it has run).`;

/** The flags tune and merge share for reading the result. */
export interface TuneReadingFlags {
  objective?: string;
  latency?: string;
  cost?: string;
  top?: string;
  json?: string | boolean;
  csv?: string;
  color: boolean;
}

export interface TuneFlags extends TuneReadingFlags {
  grid: string[];
  seeds?: string;
  seed?: number;
  /** ms, parsed from --duration. */
  duration?: number;
  set: string[];
  workers?: string;
  shard?: string;
  quiet?: boolean;
}


function metricFlag(flag: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  try {
    return canonicalMetricKey(value);
  } catch (error) {
    if (error instanceof MetricKeyError) {
      throw new FlagError(flag, value, error.message.replace(/^unknown metric "[^"]*": expected /, 'a metric, '));
    }
    throw error;
  }
}

/** --objective, --latency and --cost; the objective follows --latency unless given. */
export function readMetricChoice(flags: TuneReadingFlags): TuneMetricChoice {
  const latency = metricFlag('--latency', flags.latency, DEFAULT_METRIC_CHOICE.latency);
  return {
    latency,
    objective: metricFlag('--objective', flags.objective, latency),
    cost: metricFlag('--cost', flags.cost, DEFAULT_METRIC_CHOICE.cost),
  };
}

export function parseTop(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const top = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || top < 1) throw new FlagError('--top', text, 'a whole number of rows from 1');
  return top;
}

/** Prints the report on stderr and writes --json and --csv; returns false when a file could not be written. */
export function publishTuneResult(result: TuneResult, flags: TuneReadingFlags, choice: TuneMetricChoice, context: CliContext): boolean {
  const { io } = context;
  const color = shouldUseColor({ flag: flags.color, env: io.env, stream: io.stderr });
  const analysis = analyzeTune(result, choice);
  const top = parseTop(flags.top);
  io.stderr.write(formatTuneReport(result, analysis, { color, ...(top === undefined ? {} : { top }) }));
  try {
    if (flags.json !== undefined && flags.json !== false) {
      const text = formatTuneJson(result, analysis, { toolVersion: context.version });
      if (flags.json === true) io.stdout.write(text);
      else writeFileSync(resolve(io.cwd, flags.json), text);
    }
    if (flags.csv !== undefined) writeFileSync(resolve(io.cwd, flags.csv), formatTuneCsv(result, analysis));
  } catch (error) {
    io.stderr.write(`batcher-sim: could not write a report: ${error instanceof Error ? error.message : String(error)}\n`);
    return false;
  }
  return true;
}

/** Loads every point of the shard once, so a bad grid value fails before any run, with its problems. */
async function validatePoints(plan: TunePlan, io: CliIo): Promise<boolean> {
  const problems: string[] = [];
  let invalid = 0;
  for (const point of plan.points) {
    try {
      await io.backend.loadScenarioFile(plan.path, pointOverrides(plan, point));
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      invalid++;
      // The same bad value recurs across a whole row of the grid; a few examples say it all.
      if (problems.length < 3) problems.push(`grid point #${point.index} (${point.overrides.join(' ')}):\n${error.format().replace(/^/gm, '  ')}`);
    }
  }
  if (invalid === 0) return true;
  const more = invalid > problems.length ? `\n(and ${invalid - problems.length} more invalid points)` : '';
  io.stderr.write(`batcher-sim: ${invalid} of ${plan.points.length} grid points are not valid scenarios:\n${problems.join('\n')}${more}\n`);
  return false;
}

export async function tuneCommand(target: string, flags: TuneFlags, context: CliContext): Promise<number> {
  const { io } = context;
  let axes: GridAxis[];
  let seedCount: number;
  let shard: Shard | null;
  let workers: number | undefined;
  let choice: TuneMetricChoice;
  try {
    axes = parseGrid(flags.grid);
    seedCount = flags.seeds === undefined ? 1 : parseSeedCount(flags.seeds);
    shard = flags.shard === undefined ? null : parseShard(flags.shard);
    workers = flags.workers === undefined ? undefined : parseWorkerCount(flags.workers);
    choice = readMetricChoice(flags);
    parseTop(flags.top);
  } catch (error) {
    if (error instanceof FlagError) throw new UsageError(error.message);
    throw error;
  }
  checkReportPaths({ json: flags.json }, io.cwd);
  if (flags.csv !== undefined) checkReportPaths({ json: flags.csv }, io.cwd);

  const path = await resolveScenarioTarget(target, io.cwd, () => io.backend.listShippedScenarios());
  const runs = shardSize(gridSize(axes), shard) * seedCount;
  const threads = workers ?? defaultWorkerCount(runs);
  // The threads boot (an isolate each, then the engine's modules) while this one loads and checks
  // the scenario and every grid point: about 0.1 s that would otherwise come before the first run.
  const pool = threads > 1 && runs > 1 ? startScenarioWorkers(Math.min(threads, runs)) : undefined;
  try {
    return await tuneWithThreads({ target, path, flags, axes, seedCount, shard, runs, threads, choice, pool }, context);
  } finally {
    await pool?.close();
  }
}

interface TuneSetup {
  target: string;
  path: string;
  flags: TuneFlags;
  axes: GridAxis[];
  seedCount: number;
  shard: Shard | null;
  /** Points of this shard x seeds, known before the scenario is loaded. */
  runs: number;
  threads: number;
  choice: TuneMetricChoice;
  pool: ScenarioWorkerPool | undefined;
}

async function tuneWithThreads(setup: TuneSetup, context: CliContext): Promise<number> {
  const { target, path, flags, axes, seedCount, shard, runs, threads, choice, pool } = setup;
  const { io } = context;
  const paint = createPainter(shouldUseColor({ flag: flags.color, env: io.env, stream: io.stderr }));
  const common: ScenarioOverrides = { set: flags.set };
  if (flags.duration !== undefined) common.durationMs = flags.duration;
  const base = await io.backend.loadScenarioFile(path, { ...common, clock: 'virtual', ...(flags.seed === undefined ? {} : { seed: flags.seed }) });
  for (const warning of base.warnings) io.stderr.write(`${paint.warn('warning')}: ${warning}\n`);
  const plan = planTune({ path, axes, common, seeds: seedsFrom(base.seed, seedCount), shard });
  if (!(await validatePoints(plan, io))) return ExitCode.Usage;

  const share = shard === null ? '' : ` (shard ${shard.index}/${shard.count} of ${formatInteger(plan.totalPoints)})`;
  io.stderr.write(
    `${paint.bold(base.name)}: ${formatInteger(plan.points.length)} grid points${share} x ${seedCount} seed(s) = ` +
      `${formatInteger(runs)} runs on ${threads === 1 ? 'this thread' : `${threads} worker threads`}\n`,
  );
  const controller = new AbortController();
  const unsubscribe = io.onInterrupt(() => controller.abort());
  const progress = progressFor(io, runs, 'runs', flags.quiet === true);
  let result: TuneResult;
  try {
    result = await runTune(
      plan,
      {
        name: base.name,
        sourcePath: target,
        baseSeed: base.seed,
        durationMs: base.durationMs,
        strategy: base.batcher.strategy,
        expectations: base.expect.length,
      },
      {
        workers: threads,
        runInThisThread: backendRunner(io),
        onRunDone: (_i, done) => progress?.update(done),
        signal: controller.signal,
        ...(pool === undefined ? {} : { pool }),
      },
    );
  } catch (error) {
    progress?.finish();
    return reportRunFailure(error, io, (index) => {
      const point = plan.points[Math.floor(index / plan.seeds.length)];
      return point === undefined ? `run ${index}` : `grid point #${point.index} (${point.overrides.join(' ')})`;
    });
  } finally {
    unsubscribe();
  }
  progress?.finish();
  if (!publishTuneResult(result, flags, choice, context)) return ExitCode.RunFailed;
  if (shard !== null) return ExitCode.Passed;
  return analyzeTune(result, choice).recommended === null ? ExitCode.Failed : ExitCode.Passed;
}

/** The options tune and merge share for how the result is read and written. */
export function addTuneReadingOptions(command: Command): Command {
  return command
    .option('--objective <metric>', 'sort the points by this metric (default: the --latency metric)')
    .option('--latency <metric>', 'latency axis of the Pareto front (default latency.p99)')
    .option('--cost <metric>', 'cost axis of the front and what "cheapest" means: processings (default), cpu, redisCommands, ...')
    .option('--top <n>', 'print only the best n points')
    .option('--json [file]', 'write the result as JSON to file, or to stdout without a file')
    .option('--csv <file>', 'write one CSV row per grid point')
    .option('--no-color', 'no colour (also: NO_COLOR=1; FORCE_COLOR=1 forces it)');
}

export function registerTuneCommand(program: Command, context: CliContext): void {
  const command = program
    .command('tune')
    .description(HEAVY_COMMAND_SUMMARIES.tune.description)
    .argument('<scenario>', 'a scenario file, or the name of a shipped scenario (see: batcher-sim list)')
    .option('--grid <key=v1,v2,...>', 'a setting and the values to try (repeatable: the grid is every combination)', collectRepeated, [])
    .option('--seeds <n>', 'run every point on n seeds (the scenario\'s, then the next ones) and report the spread')
    .option('--seed <n>', 'the first seed (default: the scenario\'s)', parseSeedFlag)
    .option('--duration <duration>', 'simulated duration of every run, e.g. 30s', parseDurationFlag)
    .option('--set <key=value>', 'override one scenario setting in every run (repeatable)', collectSetFlag, [])
    .option('--workers <n>', 'worker threads (default: all cores; 1 runs one after another in this process)')
    .option('--shard <i/n>', 'run only share i of n of the grid (join the shares with batcher-sim merge)')
    .option('-q, --quiet', 'no progress bar');
  addTuneReadingOptions(command)
    .addHelpText('after', EXAMPLES)
    .action(async (target: string, flags: TuneFlags) => {
      context.exitCode = await tuneCommand(target, flags, context);
    });
}
