/**
 * The commander program: global help, version, and one registration per command. Adding a command
 * is adding a file under commands/ and one line here.
 */
import { Command } from 'commander';
import { registerCalibrateCommand } from './commands/calibrate.js';
import { registerCompareCommand } from './commands/compare.js';
import { registerDiffCommand } from './commands/diff.js';
import { registerInitCommand } from './commands/init.js';
import { registerMergeCommand } from './commands/merge.js';
import { registerTuneCommand } from './commands/tune.js';
import { registerListCommand } from './commands/list.js';
import { registerRunCommand } from './commands/run.js';
import { registerValidateCommand } from './commands/validate.js';
import type { CliContext } from './context.js';
import { EXIT_CODES_HELP } from './exit-codes.js';

const PROGRAM_HELP = `
Examples:
  $ batcher-sim list                       the shipped scenarios
  $ batcher-sim run storm                  run one, with a live dashboard on a terminal
  $ batcher-sim run storm --json out.json --junit junit.xml
  $ batcher-sim validate my-scenario.yaml
  $ batcher-sim init my-scenario.yaml      a commented starter scenario

${EXIT_CODES_HELP}

Environment:
  NO_COLOR=1 / FORCE_COLOR=1   turn colour off / on (--no-color wins over both)
  CI=true                      no dashboard, plain progress lines
  DEBUG=batcher-sim            stack traces for unexpected errors`;

export type CommandRegistration = (program: Command, context: CliContext) => void;

export const COMMANDS: readonly CommandRegistration[] = [
  registerRunCommand,
  registerValidateCommand,
  registerListCommand,
  registerInitCommand,
  registerCompareCommand,
  registerDiffCommand,
  registerTuneCommand,
  registerMergeCommand,
  registerCalibrateCommand,
];

export function buildProgram(context: CliContext): Command {
  const { io } = context;
  const program = new Command('batcher-sim');
  program
    .description(
      'Load simulator for the hybrid real-time update batcher (per-user debounce plus periodic sweeper):\n' +
        'replay realistic map traffic on virtual or real time and see latency, cost and correctness.',
    )
    .version(context.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help (also: batcher-sim <command> --help)')
    .helpCommand('help [command]', 'show help for a command')
    // Commander must neither exit nor print on its own: main() turns its errors into exit codes.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => io.stderr.columns ?? 100,
    })
    .showHelpAfterError('(add --help for usage and examples)')
    .addHelpText('after', PROGRAM_HELP);
  for (const register of COMMANDS) register(program, context);
  return program;
}
