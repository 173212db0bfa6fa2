/**
 * `batcher-sim diff <baseline.json> <new.json> --fail-on 'latency.p99 > +10%'`: two saved runs
 * compared metric by metric; exit 1 when a --fail-on rule fires, the baseline check CI runs on
 * every change. Human output on stderr, `--json` without a file on stdout.
 */
import { writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { HEAVY_COMMAND_SUMMARIES } from '../command-summaries.js';
import { toDiffJson } from '../../compare/compare-json.js';
import { formatSummaryDiff } from '../../compare/diff-table.js';
import { FlagError } from '../../compare/flag-error.js';
import { parseRegressionRule, type RegressionRule } from '../../compare/regression-rule.js';
import { diffSummaries } from '../../compare/summary-diff.js';
import { parseSummaryJson, SummaryFileError } from '../../compare/summary-file.js';
import type { RunSummary } from '../../metrics/summary.js';
import { shouldUseColor } from '../color.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { collectRepeated } from '../flag-parsers.js';
import { readInputFile } from '../input-file.js';
import { checkReportPaths } from '../report-outputs.js';

const EXAMPLES = `
Examples:
  $ batcher-sim run storm --json baseline.json            (on the main branch)
  $ batcher-sim run storm --json new.json                 (on the change)
  $ batcher-sim diff baseline.json new.json --fail-on 'latency.p99 > +10%' --fail-on 'processings > +5%'

Rules: '<metric> <op> <change>' with op one of > >= < <=; the change is relative with %, else
absolute in the metric's unit (times take ms, s, ...): 'latency.p99 > +50ms', 'passed < 0',
'marksPerProcessing < -5%', 'latency{reason=viewport_change}.p95 > +10%'.
Exit code 1 when any rule fires, 2 when a file or rule is invalid or a rule's metric is missing.`;

export interface DiffFlags {
  failOn: string[];
  json?: string | boolean;
  color: boolean;
}

function readSummary(file: string, cwd: string): RunSummary {
  return parseSummaryJson(readInputFile(file, cwd), file);
}

export async function diffCommand(baselineFile: string, candidateFile: string, flags: DiffFlags, context: CliContext): Promise<number> {
  const { io } = context;
  let rules: RegressionRule[];
  let baseline: RunSummary;
  let candidate: RunSummary;
  try {
    rules = flags.failOn.map((text) => parseRegressionRule(text));
    checkReportPaths({ json: flags.json }, io.cwd);
    baseline = readSummary(baselineFile, io.cwd);
    candidate = readSummary(candidateFile, io.cwd);
  } catch (error) {
    if (error instanceof FlagError || error instanceof SummaryFileError) throw new UsageError(error.message);
    throw error;
  }
  const diff = diffSummaries(baseline, candidate, rules);
  const color = shouldUseColor({ flag: flags.color, env: io.env, stream: io.stderr });
  io.stderr.write(
    `${formatSummaryDiff(diff, { color, baselineLabel: basename(baselineFile), candidateLabel: basename(candidateFile) })}\n`,
  );
  if (flags.json !== undefined && flags.json !== false) {
    const text = `${JSON.stringify(
      toDiffJson(diff, { baseline: baselineFile, candidate: candidateFile }, { toolVersion: context.version, generatedAt: new Date().toISOString() }),
      null,
      2,
    )}\n`;
    try {
      if (flags.json === true) io.stdout.write(text);
      else writeFileSync(resolve(io.cwd, flags.json), text);
    } catch (error) {
      io.stderr.write(`batcher-sim: could not write the report: ${error instanceof Error ? error.message : String(error)}\n`);
      return ExitCode.RunFailed;
    }
  }
  if (diff.regressed) return ExitCode.Failed;
  if (diff.missing.length > 0) {
    const names = diff.missing.map((outcome) => outcome.rule.metric.key).join(', ');
    io.stderr.write(`batcher-sim: error: --fail-on names ${names}, which ${diff.missing.length === 1 ? 'a file does' : 'the files do'} not hold\n`);
    return ExitCode.Usage;
  }
  return ExitCode.Passed;
}

export function registerDiffCommand(program: Command, context: CliContext): void {
  program
    .command('diff')
    .description(HEAVY_COMMAND_SUMMARIES.diff.description)
    .argument('<baseline>', 'the JSON report of the baseline run (run --json <file>)')
    .argument('<new>', 'the JSON report of the run to check')
    .option('--fail-on <rule>', "what counts as a regression, e.g. 'latency.p99 > +10%' (repeatable)", collectRepeated, [])
    .option('--json [file]', 'write the diff as JSON to file, or to stdout without a file')
    .option('--no-color', 'no colour (also: NO_COLOR=1; FORCE_COLOR=1 forces it)')
    .addHelpText('after', EXAMPLES)
    .action(async (baseline: string, candidate: string, flags: DiffFlags) => {
      context.exitCode = await diffCommand(baseline, candidate, flags, context);
    });
}
