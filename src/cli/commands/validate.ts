/** `batcher-sim validate <file...>`: check scenarios without running them (exit 2 if any is bad). */
import type { Command } from 'commander';
import { ScenarioError } from '../../scenario/errors.js';
import { shouldUseColor } from '../color.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { resolveScenarioTarget } from '../scenario-target.js';

const EXAMPLES = `
Examples:
  $ batcher-sim validate my-scenario.yaml
  $ batcher-sim validate scenarios/*.yaml`;

export function registerValidateCommand(program: Command, context: CliContext): void {
  program
    .command('validate')
    .description('check scenario files without running them; every problem with its line and a fix')
    .argument('<file...>', 'scenario files (or shipped scenario names)')
    .option('--no-color', 'no colour')
    .addHelpText('after', EXAMPLES)
    .action(async (targets: string[], flags: { color: boolean }) => {
      const { io } = context;
      // Loaded on use, so --help does not pay for chalk.
      const [{ formatDurationMs }, { createPainter }] = await Promise.all([
        import('../../report/format.js'),
        import('../../report/paint.js'),
      ]);
      const paint = createPainter(shouldUseColor({ flag: flags.color, env: io.env, stream: io.stderr }));
      let invalid = 0;
      for (const target of targets) {
        try {
          const path = await resolveScenarioTarget(target, io.cwd, () => io.backend.listShippedScenarios());
          const scenario = await io.backend.loadScenarioFile(path);
          const phases = scenario.workload.length === 1 ? '1 phase' : `${scenario.workload.length} phases`;
          const expectations = scenario.expect.length === 1 ? '1 expectation' : `${scenario.expect.length} expectations`;
          io.stderr.write(
            `${paint.ok('valid')}    ${target}: ${scenario.name}, ${formatDurationMs(scenario.durationMs)}, ` +
              `strategy ${scenario.batcher.strategy}, ${phases}, ${expectations}\n`,
          );
        } catch (error) {
          invalid++;
          if (error instanceof ScenarioError) {
            io.stderr.write(`${paint.bad('invalid')}  ${target}:\n${error.format().replace(/^/gm, '  ')}\n`);
          } else if (error instanceof UsageError) {
            io.stderr.write(`${paint.bad('invalid')}  ${error.message}\n`);
          } else {
            throw error;
          }
        }
      }
      context.exitCode = invalid === 0 ? ExitCode.Passed : ExitCode.Usage;
    });
}
