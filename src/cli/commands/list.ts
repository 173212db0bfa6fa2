/** `batcher-sim list`: the shipped scenarios, one a line, with their descriptions. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';

const EXAMPLES = `
Examples:
  $ batcher-sim list
  $ batcher-sim list --json | jq -r '.[].name'`;

export function registerListCommand(program: Command, context: CliContext): void {
  program
    .command('list')
    .description('list the shipped scenarios with their one-line descriptions')
    .option('--json', 'as a JSON array of {name, path, description}')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: { json?: boolean }) => {
      const { io } = context;
      const shipped = await io.backend.listShippedScenarios();
      if (flags.json === true) {
        io.stdout.write(`${JSON.stringify(shipped, null, 2)}\n`);
      } else {
        const width = Math.max(0, ...shipped.map((s) => s.name.length));
        for (const scenario of shipped) io.stdout.write(`${scenario.name.padEnd(width)}  ${scenario.description}\n`);
        io.stderr.write(`\nrun one with: batcher-sim run <name>   (copy one with: batcher-sim init <file>)\n`);
      }
      context.exitCode = ExitCode.Passed;
    });
}
