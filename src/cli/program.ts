/**
 * The commander program: global help, version, and one registration per command. Adding a command
 * is adding a file under commands/ and one line here.
 */
import { Command } from 'commander';
import { HEAVY_COMMAND_SUMMARIES, type HeavyCommandName } from './command-summaries.js';
import { registerInitCommand } from './commands/init.js';
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
];

/**
 * Commands whose modules are heavy are loaded only when they are the one being run (or asked for
 * help); otherwise the general help lists them from their summaries. This keeps --help and
 * --version fast.
 */
const HEAVY_COMMANDS: Record<HeavyCommandName, () => Promise<CommandRegistration>> = {
  compare: async () => (await import('./commands/compare.js')).registerCompareCommand,
  diff: async () => (await import('./commands/diff.js')).registerDiffCommand,
  tune: async () => (await import('./commands/tune.js')).registerTuneCommand,
  merge: async () => (await import('./commands/merge.js')).registerMergeCommand,
  calibrate: async () => (await import('./commands/calibrate.js')).registerCalibrateCommand,
};

function isHeavyCommand(name: string | undefined): name is HeavyCommandName {
  return name !== undefined && Object.hasOwn(HEAVY_COMMANDS, name);
}

/** The command an argument list runs or asks help for: `tune ...` or `help tune`. */
function requestedCommand(args: readonly string[]): string | undefined {
  const first = args.find((arg) => !arg.startsWith('-'));
  if (first !== 'help') return first;
  return args.slice(args.indexOf('help') + 1).find((arg) => !arg.startsWith('-'));
}

/** The program with every command: the one `args` asks for fully loaded, the heavy others as summaries. */
export async function buildProgramFor(context: CliContext, args: readonly string[]): Promise<Command> {
  const wanted = requestedCommand(args);
  const loaded = isHeavyCommand(wanted) ? await HEAVY_COMMANDS[wanted]() : null;
  return buildProgram(context, (program, name) => {
    if (name === wanted && loaded !== null) {
      loaded(program, context);
      return;
    }
    const summary = HEAVY_COMMAND_SUMMARIES[name];
    program.command(name).description(summary.description).arguments(summary.args.join(' '));
  });
}

/**
 * The program with the light commands registered; `registerHeavy` adds each heavy command, by
 * default fully (loading it must then have happened: see buildProgramFor).
 */
export function buildProgram(
  context: CliContext,
  registerHeavy: (program: Command, name: HeavyCommandName) => void = () => undefined,
): Command {
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
  for (const name of Object.keys(HEAVY_COMMANDS) as HeavyCommandName[]) registerHeavy(program, name);
  return program;
}
