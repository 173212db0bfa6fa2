/** `batcher-sim init [file]`: write a commented starter scenario to edit. */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { STARTER_SCENARIO } from '../starter-scenario.js';

const DEFAULT_FILE = 'scenario.yaml';

const EXAMPLES = `
Examples:
  $ batcher-sim init                      writes ${DEFAULT_FILE}
  $ batcher-sim init studies/tuning.yaml
  $ batcher-sim init - > my.yaml          to stdout`;

export function registerInitCommand(program: Command, context: CliContext): void {
  program
    .command('init')
    .description('write a commented starter scenario')
    .argument('[file]', `where to write it ("-" for stdout)`, DEFAULT_FILE)
    .option('-f, --force', 'overwrite the file if it exists')
    .addHelpText('after', EXAMPLES)
    .action((file: string, flags: { force?: boolean }) => {
      const { io } = context;
      if (file === '-') {
        io.stdout.write(STARTER_SCENARIO);
        context.exitCode = ExitCode.Passed;
        return;
      }
      const path = resolve(io.cwd, file);
      if (existsSync(path) && flags.force !== true) {
        throw new UsageError(`${file} already exists; pick another name or add --force to overwrite it`);
      }
      try {
        writeFileSync(path, STARTER_SCENARIO);
      } catch (error) {
        const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
        throw new UsageError(`cannot write ${file} (${reason})`);
      }
      io.stderr.write(`wrote ${file}\nedit it, then: batcher-sim validate ${file} && batcher-sim run ${file}\n`);
      context.exitCode = ExitCode.Passed;
    });
}
