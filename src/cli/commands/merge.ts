/**
 * `batcher-sim merge <shard.json...>`: joins the results of `tune --shard i/n` jobs into the result
 * of the whole grid, then reports it exactly as `tune` would have (front, recommendation, heat map,
 * JSON and CSV). Shards of different tune commands, or disagreeing about a point, are refused.
 */
import type { Command } from 'commander';
import { HEAVY_COMMAND_SUMMARIES } from '../command-summaries.js';
import { FlagError } from '../../compare/flag-error.js';
import { analyzeTune } from '../../tune/analysis.js';
import { MergeError, mergeTuneResults, type LabelledTuneResult } from '../../tune/merge.js';
import { parseTuneJson, TuneFileError } from '../../tune/tune-json.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { readInputFile } from '../input-file.js';
import { checkReportPaths } from '../report-outputs.js';
import { addTuneReadingOptions, parseTop, publishTuneResult, readMetricChoice, type TuneReadingFlags } from './tune.js';

const EXAMPLES = `
Examples:
  $ batcher-sim merge shard-1.json shard-2.json shard-3.json shard-4.json
  $ batcher-sim merge results/*.json --json tune.json --csv tune.csv

Each file is what one job of a CI matrix wrote with tune ... --shard i/n --json <file>.
Exit code 1 when no point of the whole grid meets every expectation; 2 when files are missing,
from different tune commands, or disagree about a point.`;

export interface MergeFlags extends TuneReadingFlags {
  partial?: boolean;
}

function readShard(file: string, cwd: string): LabelledTuneResult {
  return { label: file, result: parseTuneJson(readInputFile(file, cwd), file) };
}

export async function mergeCommand(files: string[], flags: MergeFlags, context: CliContext): Promise<number> {
  const { io } = context;
  try {
    const choice = readMetricChoice(flags);
    parseTop(flags.top);
    checkReportPaths({ json: flags.json }, io.cwd);
    if (flags.csv !== undefined) checkReportPaths({ json: flags.csv }, io.cwd);
    const merged = mergeTuneResults(
      files.map((file) => readShard(file, io.cwd)),
      { allowPartial: flags.partial === true },
    );
    if (!publishTuneResult(merged, flags, choice, context)) return ExitCode.RunFailed;
    return analyzeTune(merged, choice).recommended === null ? ExitCode.Failed : ExitCode.Passed;
  } catch (error) {
    if (error instanceof FlagError || error instanceof TuneFileError || error instanceof MergeError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

export function registerMergeCommand(program: Command, context: CliContext): void {
  const command = program
    .command('merge')
    .description(HEAVY_COMMAND_SUMMARIES.merge.description)
    .argument('<file...>', 'JSON files written by tune --shard i/n --json <file>')
    .option('--partial', 'merge even when some grid points are in none of the files');
  addTuneReadingOptions(command)
    .addHelpText('after', EXAMPLES)
    .action(async (files: string[], flags: MergeFlags) => {
      context.exitCode = await mergeCommand(files, flags, context);
    });
}
