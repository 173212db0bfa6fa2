/**
 * `batcher-sim calibrate <scenario>`: the scenario, shortened, on the virtual clock and then on the
 * real clock with the same seed, side by side: processings, marks per processing, latency
 * percentiles per reason, event-loop lag. Exit 0 when every judged figure is within tolerance, 1
 * when not. The real run takes the shortened duration in wall time.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { HEAVY_COMMAND_SUMMARIES } from '../command-summaries.js';
import { formatCalibrationReport } from '../../calibrate/calibration-table.js';
import { toCalibrationJson } from '../../calibrate/calibration-json.js';
import { runCalibration, type CalibrationReport } from '../../calibrate/run-calibration.js';
import { formatDurationMs } from '../../report/format.js';
import { createPainter } from '../../report/paint.js';
import { ScenarioError } from '../../scenario/errors.js';
import { STRATEGY_NAMES } from '../../scenario/resolved.js';
import type { ScenarioOverrides } from '../backend.js';
import { shouldUseColor } from '../color.js';
import type { CliContext } from '../context.js';
import { describeUnexpectedError } from '../describe-error.js';
import { ExitCode } from '../exit-codes.js';
import { collectSetFlag, parseDurationFlag, parseSeedFlag } from '../flag-parsers.js';
import { checkReportPaths } from '../report-outputs.js';
import { resolveScenarioTarget } from '../scenario-target.js';

/** The calibration length: long enough for stable percentiles, short enough to wait for. */
const DEFAULT_DURATION_MS = 20_000;

const EXAMPLES = `
Examples:
  $ batcher-sim calibrate isolated                       20 s on each clock, the scenario's users
  $ batcher-sim calibrate storm --users 2000 --duration 20s
  $ batcher-sim calibrate ./my-scenario.yaml --json calibration.json

The real-clock run takes its duration in wall time, with real timers, real busy CPU for the
configured costs and real waiting for latencies. Goal: latency percentiles within 10% or 5 ms,
processing counts within 2%. docs/fidelity.md explains where the clocks differ and why.`;

export interface CalibrateFlags {
  duration?: number;
  users?: number;
  seed?: number;
  strategy?: string;
  set: string[];
  json?: string | boolean;
  quiet?: boolean;
  color: boolean;
}

export function parseUserCountFlag(text: string): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError('Expected a whole number of users from 1, e.g. --users 2000.');
  }
  return value;
}

function overridesOf(flags: CalibrateFlags): ScenarioOverrides {
  const set = [...flags.set];
  // After the --set flags, so --users wins over a --set of the same setting.
  if (flags.users !== undefined) set.push(`world.users.count=${flags.users}`);
  const overrides: ScenarioOverrides = { set, durationMs: flags.duration ?? DEFAULT_DURATION_MS, clock: 'virtual' };
  if (flags.seed !== undefined) overrides.seed = flags.seed;
  if (flags.strategy !== undefined) overrides.strategy = flags.strategy;
  return overrides;
}

function writeJson(report: CalibrationReport, target: string | true, context: CliContext): void {
  const json = toCalibrationJson(report, { toolVersion: context.version, generatedAt: new Date().toISOString() });
  const text = `${JSON.stringify(json, null, 2)}\n`;
  if (target === true) context.io.stdout.write(text);
  else writeFileSync(resolve(context.io.cwd, target), text);
}

export async function calibrateCommand(target: string, flags: CalibrateFlags, context: CliContext): Promise<number> {
  const { io } = context;
  const color = shouldUseColor({ flag: flags.color, env: io.env, stream: io.stderr });
  const paint = createPainter(color);
  checkReportPaths({ json: flags.json }, io.cwd);
  const path = await resolveScenarioTarget(target, io.cwd, () => io.backend.listShippedScenarios());
  let scenario;
  try {
    scenario = await io.backend.loadScenarioFile(path, overridesOf(flags));
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    io.stderr.write(`batcher-sim: ${error.sourceName} is not a valid scenario:\n${error.format().replace(/^/gm, '  ')}\n`);
    return ExitCode.Usage;
  }
  for (const warning of scenario.warnings) io.stderr.write(`${paint.warn('warning')}: ${scenario.name}: ${warning}\n`);

  const controller = new AbortController();
  let stopRequests = 0;
  const unsubscribe = io.onInterrupt(() => {
    stopRequests++;
    if (stopRequests === 1) controller.abort();
    else io.forceExit(ExitCode.Interrupted);
  });
  let report: CalibrationReport;
  try {
    report = await runCalibration(scenario, {
      runScenario: (s, options) => io.backend.runScenario(s, options),
      signal: controller.signal,
      onRunStart: (clock, s) => {
        if (flags.quiet === true) return;
        const wait = clock === 'real' ? `: takes ${formatDurationMs(s.durationMs)} of wall time` : '';
        io.stderr.write(`calibrating ${s.name}: ${clock} clock${wait}\n`);
      },
    });
  } catch (error) {
    io.stderr.write(`batcher-sim: the calibration of ${scenario.name} failed: ${describeUnexpectedError(error, io.env)}\n`);
    return ExitCode.RunFailed;
  } finally {
    unsubscribe();
  }

  io.stderr.write(`${formatCalibrationReport(report, { color })}\n`);
  if (flags.json !== undefined && flags.json !== false) {
    try {
      writeJson(report, flags.json, context);
    } catch (error) {
      io.stderr.write(`batcher-sim: could not write the report: ${error instanceof Error ? error.message : String(error)}\n`);
      return ExitCode.RunFailed;
    }
  }
  if (!report.completed || controller.signal.aborted) return ExitCode.Interrupted;
  return report.passed ? ExitCode.Passed : ExitCode.Failed;
}

export function registerCalibrateCommand(program: Command, context: CliContext): void {
  program
    .command('calibrate')
    .description(HEAVY_COMMAND_SUMMARIES.calibrate.description)
    .argument('<scenario>', 'a scenario file, or the name of a shipped scenario (see: batcher-sim list)')
    .option('--duration <duration>', `simulated (and, for the real clock, wall) duration of each run (default ${formatDurationMs(DEFAULT_DURATION_MS)})`, parseDurationFlag)
    .option('--users <n>', 'users connected at the start (default: the scenario\'s)', parseUserCountFlag)
    .option('--seed <n>', 'seed of both runs (default: the scenario\'s)', parseSeedFlag)
    .addOption(new Option('--strategy <name>', 'batching strategy').choices(STRATEGY_NAMES))
    .option('--set <key=value>', 'override one scenario setting (repeatable)', collectSetFlag, [])
    .option('--json [file]', 'write the calibration as JSON to file, or to stdout without a file')
    .option('-q, --quiet', 'no progress lines, only the comparison')
    .option('--no-color', 'no colour (also: NO_COLOR=1; FORCE_COLOR=1 forces it)')
    .addHelpText('after', EXAMPLES)
    .action(async (target: string, flags: CalibrateFlags) => {
      context.exitCode = await calibrateCommand(target, flags, context);
    });
}
