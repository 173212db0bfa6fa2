/** `batcher-sim run <scenario...>`: run scenarios and report, live on a terminal, plain in CI. */
import { Option, type Command } from 'commander';
import { STRATEGY_NAMES } from '../../scenario/resolved.js';
import type { CliContext } from '../context.js';
import { collectSetFlag, parseDurationFlag, parseSeedFlag, parseSpeedFlag } from '../flag-parsers.js';
import type { RunFlags } from '../run-scenarios.js';

const EXAMPLES = `
Examples:
  $ batcher-sim run storm                         a shipped scenario, by name
  $ batcher-sim run ./my-scenario.yaml --seed 7   a file of your own, another seed
  $ batcher-sim run storm --set batcher.debounce=40ms --set batcher.sweepInterval=150ms
  $ batcher-sim run storm --strategy debounce --duration 2m
  $ batcher-sim run panning --speed 1             watch it at the pace of real time
  $ batcher-sim run storm --json | jq .latency.overall.p99Ms
  $ batcher-sim run isolated storm --no-dashboard --junit reports/junit.xml

On a terminal a live dashboard is shown (q or Ctrl-C stops the run and keeps partial results);
without one (CI, pipes) or with --no-dashboard, a start line, a progress line every 10 s and the
summary are printed. Human output goes to stderr, --json without a file to stdout.`;

export function registerRunCommand(program: Command, context: CliContext): void {
  program
    .command('run')
    .description('run one or more scenarios and report the results')
    .argument('<scenario...>', 'a scenario file, or the name of a shipped scenario (see: batcher-sim list)')
    .addOption(
      new Option('--clock <clock>', 'virtual: simulated time, as fast as the CPU allows; real: wall-clock timers').choices([
        'virtual',
        'real',
      ]),
    )
    .option('--seed <n>', 'seed of the random generator (same seed, same run)', parseSeedFlag)
    .option('--duration <duration>', 'simulated duration, e.g. 30s or 2m', parseDurationFlag)
    .addOption(new Option('--strategy <name>', 'batching strategy').choices(STRATEGY_NAMES))
    .option('--set <key=value>', 'override one scenario setting (repeatable)', collectSetFlag, [])
    .option(
      '--speed <x>',
      'play virtual time at x times real time so a person can watch (default: as fast as possible)',
      parseSpeedFlag,
    )
    .option('--json [file]', 'write the summary as JSON to file, or to stdout without a file')
    .option('--junit <file>', 'write JUnit XML: one test case per expectation, one for consistency')
    .option('--timeseries <file>', 'write the time series as NDJSON, one sample per line')
    .option('-q, --quiet', 'no dashboard, start line or progress lines: only the summary')
    .option('--no-color', 'no colour (also: NO_COLOR=1; FORCE_COLOR=1 forces it)')
    .option('--no-dashboard', 'plain progress lines even on a terminal')
    .addHelpText('after', EXAMPLES)
    .action(async (targets: string[], flags: RunFlags) => {
      // Loaded on use: reporters, chalk and cli-table3 are not needed for --help.
      const { runScenarios } = await import('../run-scenarios.js');
      context.exitCode = await runScenarios(targets, flags, context.io, context.version);
    });
}
