/**
 * The CLI on random argument lists and random scenario files, in-process with the real loader: it
 * answers every bad input with exit code 2 and a message that names the problem, never exit 3 (our
 * bug) and never a stack trace; a run starts only from a scenario the loader accepted.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { runCli, tempDir, type CliOutcome } from './cli-harness.js';
import { fuzzParameters, fuzzTimeoutMs } from './fuzz-runs.js';
import { encode, SEED_DOCUMENTS, scenarioBytes } from './scenario-documents.js';
import { STACK_TRACE_LINE } from './scenario-invariants.js';

/** Words of the CLI and near misses, so random argument lists reach deep into the parser. */
const COMMANDS = ['run', 'validate', 'list', 'init', 'help', 'rnu', 'Run', 'calibrate', 'diff', ''];
const TARGETS = ['good.yaml', 'bad.yaml', 'garbage.bin', 'empty.yaml', 'missing.yaml', 'isolated', 'storm', 'stomr', '.', '-', 'good'];

/** Text without path separators: the CLI may write reports and init files; they stay in the temp dir. */
const safeText = fc.string({ maxLength: 12 }).filter((text) => !text.includes('/') && !text.includes('\\') && !text.includes('..'));

const flagValue = fc.oneof(
  fc.constantFrom('0', '1', '42', '-1', '1e30', 'x', '', ' ', 'NaN', 'Infinity', '30s', '0s', '-1s', 'soon', '1e999s', '1us', '2m'),
  fc.constantFrom('virtual', 'real', 'fake', 'hybrid', 'debounce', 'sweep', 'nope', '10', '0.5x', '0x'),
  fc.constantFrom('batcher.debounce=40ms', 'batcher.sweep=0.001ms', 'world.users.count=10000000', 'a=b', '=x', 'x', 'workload[9].rate=1/s', 'batcher.debounce='),
  fc.constantFrom('out.json', 'no-such-dir' + '/x.json', '.', 'report.xml'),
  safeText,
);

const FLAGS = ['--seed', '--duration', '--clock', '--strategy', '--set', '--speed', '--json', '--junit', '--timeseries', '--fail-on', '--workers'];
const SWITCHES = ['-q', '--quiet', '--no-color', '--no-dashboard', '--force', '-f', '--help', '-h', '--version', '-V', '--', '-', '--bogus', '-x'];

const argument: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...FLAGS), flagValue).map(([flag, value]) => [flag, value]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...FLAGS), flagValue).map(([flag, value]) => [`${flag}=${value}`]) },
  { weight: 2, arbitrary: fc.constantFrom(...SWITCHES).map((flag) => [flag]) },
  { weight: 3, arbitrary: fc.constantFrom(...TARGETS).map((target) => [target]) },
  { weight: 1, arbitrary: safeText.map((text) => [text]) },
);

const randomArgv: fc.Arbitrary<string[]> = fc
  .tuple(fc.constantFrom(...COMMANDS), fc.array(argument, { maxLength: 6 }))
  .map(([command, rest]) => (command === '' ? rest.flat() : [command, ...rest.flat()]));

/** Flags with values the CLI accepts, so that a single corruption is what decides the outcome. */
const validFlag: fc.Arbitrary<string[]> = fc.oneof<fc.Arbitrary<string[]>[]>(
  fc.constantFrom<string[]>(['--seed', '7'], ['--duration', '5s'], ['--clock', 'virtual'], ['--strategy', 'debounce'], ['--speed', '10']),
  fc.constantFrom<string[]>(['--set', 'batcher.debounce=40ms'], ['--set', 'world.users.count=20'], ['--json', 'out.json'], ['--junit', 'junit.xml']),
  fc.constantFrom<string[]>(['--timeseries', 'series.ndjson'], ['-q'], ['--no-color'], ['--no-dashboard'], ['--json']),
);

const nearlyValidArgv: fc.Arbitrary<string[]> = fc
  .tuple(
    fc.constantFrom('run', 'validate'),
    fc.array(validFlag, { maxLength: 4 }),
    fc.option(fc.tuple(fc.nat(), argument), { nil: undefined }),
  )
  .map(([command, flags, corruption]) => {
    const args = [command, 'good.yaml', ...flags.flat()];
    if (corruption !== undefined) args.splice(1 + (corruption[0] % args.length), 0, ...corruption[1]);
    return args;
  });

const argvArb: fc.Arbitrary<string[]> = fc.oneof(randomArgv, nearlyValidArgv);

/** A working directory with one good, one bad, one binary and one empty scenario. */
function workdir(): string {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'good.yaml'), encode(SEED_DOCUMENTS[0], 'yaml'));
  writeFileSync(join(cwd, 'bad.yaml'), 'duration: soon\nworkload: []\nbatcher: { debounce: -5ms }\n');
  writeFileSync(join(cwd, 'garbage.bin'), Buffer.from([0, 159, 146, 150, 255, 0, 1, 2, 3]));
  writeFileSync(join(cwd, 'empty.yaml'), '');
  return cwd;
}

/**
 * No command at all, or `help <not a command>`: the whole help on stderr and exit 2. The help names
 * what is possible rather than the word that was wrong (see test/robustness/cli-messages.test.ts).
 */
function answersWithHelp(args: readonly string[], stderr: string): boolean {
  return (args.length === 0 || args[0] === 'help') && stderr.startsWith('Usage: batcher-sim');
}

/** What must hold of any answer of the CLI. */
function expectWellBehaved(outcome: CliOutcome, args: readonly string[]): void {
  const context = `args: ${JSON.stringify(args)}\nexit ${outcome.code}\nstderr:\n${outcome.stderr}`;
  expect([0, 1, 2], context).toContain(outcome.code);
  expect(STACK_TRACE_LINE.test(outcome.stderr), context).toBe(false);
  expect(STACK_TRACE_LINE.test(outcome.stdout), context).toBe(false);
  expect(outcome.stderr, context).not.toContain('batcher-sim: unexpected error');
  if (outcome.code === 2 && !answersWithHelp(args, outcome.stderr)) {
    expect(outcome.stderr, context).toMatch(/error|invalid|not a valid scenario|no scenario|unknown|missing|too many|expected/i);
  }
}

describe('the CLI under fuzzing (in-process)', () => {
  it(
    'answers any argument list with 0, 1 or 2 and never a stack trace',
    async () => {
      const cwd = workdir();
      await fc.assert(
        fc.asyncProperty(argvArb, async (args) => {
          const outcome = await runCli(args, { cwd });
          expectWellBehaved(outcome, args);
          // The stand-in engine passes every run, so a run that started can only end in 0.
          if (outcome.runs.length > 0) expect(outcome.code, outcome.stderr).toBe(0);
        }),
        fuzzParameters(150),
      );
    },
    fuzzTimeoutMs(150, 40),
  );

  it(
    'validates any file as the loader judges it, and runs only what the loader accepts',
    async () => {
      const cwd = tempDir();
      await fc.assert(
        fc.asyncProperty(scenarioBytes, fc.constantFrom('validate', 'run'), async (bytes, command) => {
          const path = join(cwd, 'fuzz.yaml');
          writeFileSync(path, bytes);
          let problems: string | null = null;
          try {
            loadScenarioFile(path);
          } catch (error) {
            if (!(error instanceof ScenarioError)) throw error;
            problems = error.format();
          }
          const args = command === 'run' ? ['run', 'fuzz.yaml', '--quiet'] : ['validate', 'fuzz.yaml'];
          const outcome = await runCli(args, { cwd });
          expectWellBehaved(outcome, args);
          if (problems === null) {
            expect(outcome.code, outcome.stderr).toBe(0);
            expect(outcome.runs.length).toBe(command === 'run' ? 1 : 0);
          } else {
            expect(outcome.code, outcome.stderr).toBe(2);
            expect(outcome.runs).toEqual([]);
            // Every problem the loader found is shown, each at its place in the file.
            for (const line of problems.split('\n')) expect(outcome.stderr).toContain(line);
          }
        }),
        fuzzParameters(150),
      );
    },
    fuzzTimeoutMs(150, 40),
  );
});
