/**
 * The entry point: parse argv, run the command, return the exit code. It never exits the process
 * itself (bin/batcher-sim.js sets process.exitCode), so tests call it with fake streams.
 *
 * Errors a user can fix (bad flags, bad files) exit 2 with a message; anything unexpected is a bug
 * and exits 3 with one line, or the stack with DEBUG=batcher-sim.
 */
import { performance } from 'node:perf_hooks';
import { CommanderError, type Command } from 'commander';
import { didYouMean } from '../scenario/suggest.js';
import { ScenarioError } from '../scenario/errors.js';
import { lazySimulatorBackend } from './backend.js';
import type { CliContext } from './context.js';
import { describeUnexpectedError } from './describe-error.js';
import { UsageError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { buildProgramFor } from './program.js';
import { packageVersion } from './version.js';

export type { CliIo } from './io.js';
export { ExitCode } from './exit-codes.js';

/**
 * `batcher-sim run x --json | head -c 100` closes stdout early; the report no longer has a reader,
 * which is no reason to crash with a stack trace.
 */
function ignoreClosedPipe(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  if (stream.listenerCount('error') === 0) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  return stream;
}

function processIo(): CliIo {
  return {
    stdout: ignoreClosedPipe(process.stdout),
    stderr: ignoreClosedPipe(process.stderr),
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => {
        process.off('SIGINT', handler);
      };
    },
    forceExit(code) {
      process.exit(code);
    },
    backend: lazySimulatorBackend,
    nowMs: () => performance.now(),
  };
}

/**
 * Runs the CLI. `argv` is in process.argv form (node, script, then the arguments); `io` replaces
 * any part of the process the CLI would otherwise use.
 */
export async function main(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const context: CliContext = {
    io: { ...processIo(), ...io },
    version: packageVersion(),
    exitCode: ExitCode.Passed,
  };
  const { stderr, env } = context.io;
  try {
    const program = await buildProgramFor(context, argv.slice(2));
    const unknownHelpTopic = unknownHelpCommand(argv, program);
    if (unknownHelpTopic !== null) {
      stderr.write(`error: unknown command '${unknownHelpTopic}'${didYouMean(unknownHelpTopic, commandNames(program))}\n`);
      stderr.write(`the commands are: ${commandNames(program).join(', ')}\n`);
      return ExitCode.Usage;
    }
    await program.parseAsync(argv, { from: 'node' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help, or the version).
      return error.exitCode === 0 ? ExitCode.Passed : ExitCode.Usage;
    }
    if (error instanceof UsageError) {
      stderr.write(`batcher-sim: error: ${error.message}\n`);
      return ExitCode.Usage;
    }
    if (error instanceof ScenarioError) {
      stderr.write(`batcher-sim: ${error.sourceName} is not a valid scenario:\n${error.format()}\n`);
      return ExitCode.Usage;
    }
    stderr.write(`batcher-sim: unexpected error: ${describeUnexpectedError(error, env)}\n`);
    return ExitCode.RunFailed;
  }
}

function commandNames(program: Command): string[] {
  return program.commands.map((command) => command.name());
}

/** `help <word>` where word names no command: commander would print the general help and exit 0. */
function unknownHelpCommand(argv: readonly string[], program: Command): string | null {
  const args = argv.slice(2);
  if (args[0] !== 'help' || args[1] === undefined || args[1].startsWith('-')) return null;
  return commandNames(program).includes(args[1]) ? null : args[1];
}
