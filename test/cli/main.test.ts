import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseXml, childrenNamed } from '../report/parse-xml.js';
import { expectation, makeFailingSummary, makeSummary } from '../helpers/summary-fixture.js';
import { fakeCli, makeScenario } from './fake-cli.js';

const ESC = '\u001b[';

describe('help and version', () => {
  it('--help lists every command, examples and the exit codes, on stdout', async () => {
    const { code, stdout, stderr } = await fakeCli().exec('--help');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const command of ['run', 'validate', 'list', 'init']) expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain('$ batcher-sim run storm');
    expect(stdout).toMatch(/130\s+interrupted/);
    expect(stdout).toMatch(/2\s+invalid scenario, flag or argument/);
    expect(stdout).toContain('DEBUG=batcher-sim');
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const { code, stdout } = await fakeCli().exec('--version');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(version);
  });

  it('each command has help with examples', async () => {
    for (const command of ['run', 'validate', 'list', 'init']) {
      const { code, stdout } = await fakeCli().exec(command, '--help');
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: batcher-sim ${command}`);
      expect(stdout).toContain('Examples:');
    }
    const { stdout } = await fakeCli().exec('run', '--help');
    for (const flag of ['--clock', '--seed', '--duration', '--strategy', '--set', '--speed', '--json', '--junit', '--timeseries', '--quiet', '--no-color', '--no-dashboard']) {
      expect(stdout).toContain(flag);
    }
  });
});

describe('usage errors exit 2 with a message naming what was wrong', () => {
  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['run'], /missing required argument 'scenario'/],
    [['run', 'storm.yaml', '--seed', 'abc'], /option '--seed <n>' argument 'abc' is invalid\. Expected a whole number >= 0/],
    [['run', 'storm.yaml', '--duration', '30'], /option '--duration <duration>' argument '30' is invalid\. .*text needs a unit \(add one, e\.g\. "30ms" or "30s"\)/],
    [['run', 'storm.yaml', '--clock', 'sideways'], /argument 'sideways' is invalid\. Allowed choices are virtual, real/],
    [['run', 'storm.yaml', '--strategy', 'hybird'], /Allowed choices are hybrid, debounce, debounce-maxwait, sweep, immediate/],
    [['run', 'storm.yaml', '--speed', '-2'], /option '--speed <x>' argument '-2' is invalid\. Expected a number above zero/],
    [['run', 'storm.yaml', '--set', 'batcher.debounce'], /argument 'batcher\.debounce' is invalid\. Expected key=value/],
    [['run', 'storm.yaml', '--frobnicate'], /unknown option '--frobnicate'/],
  ])('%j', async (args, message) => {
    const { code, stderr, runs } = await fakeCli().exec(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(runs).toEqual([]);
  });

  it('no command at all shows the help on stderr', async () => {
    const { code, stderr } = await fakeCli().exec();
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: batcher-sim');
  });
});

describe('finding the scenario', () => {
  it('takes a file in the current directory first', async () => {
    const cli = fakeCli();
    const { code, loads } = await cli.exec('run', 'storm.yaml', '--no-dashboard');
    expect(code).toBe(0);
    expect(loads.map((l) => l.path)).toEqual([join(cli.cwd, 'storm.yaml')]);
  });

  it('falls back to a shipped scenario by name, with or without .yaml', async () => {
    for (const target of ['isolated', 'isolated.yaml']) {
      const { code, loads } = await fakeCli().exec('run', target, '--quiet');
      expect(code).toBe(0);
      expect(loads.map((l) => l.path)).toEqual(['/shipped/isolated.yaml']);
    }
  });

  it('prefers a file of the person over a shipped scenario of the same name', async () => {
    const cli = fakeCli({ files: { 'isolated.yaml': makeScenario({ name: 'mine' }) } });
    for (const target of ['isolated', 'isolated.yaml']) {
      const { code, loads, stderr } = await cli.exec('validate', target);
      expect(code).toBe(0);
      expect(loads.map((l) => l.path)).toEqual([join(cli.cwd, 'isolated.yaml')]);
      expect(stderr).toContain(`${target}: mine`);
    }
  });

  it('names what it looked for and suggests a close shipped name', async () => {
    const { code, stderr, runs } = await fakeCli().exec('run', 'isolatd');
    expect(code).toBe(2);
    expect(stderr).toContain('no scenario file "isolatd" here and no shipped scenario named "isolatd"; did you mean "isolated"?');
    expect(stderr).toContain('shipped scenarios: isolated');
    expect(runs).toEqual([]);
  });

  it('says plainly when a path does not exist', async () => {
    const { code, stderr } = await fakeCli().exec('run', 'nowhere/storm.yaml');
    expect(code).toBe(2);
    expect(stderr).toContain('batcher-sim: error: no scenario file at nowhere/storm.yaml');
  });
});

describe('overrides', () => {
  it('hands every run flag to the loader, durations in ms and --set in order', async () => {
    const cli = fakeCli();
    const { loads, runs } = await cli.exec(
      'run', 'storm.yaml', '--quiet', '--seed', '7', '--duration', '1m30s', '--strategy', 'debounce',
      '--clock', 'real', '--set', 'batcher.debounce=40ms', '--set', 'world.users.count=50', '--speed', '2.5',
    );
    expect(loads[0]?.overrides).toEqual({
      seed: 7,
      durationMs: 90_000,
      strategy: 'debounce',
      clock: 'real',
      set: ['batcher.debounce=40ms', 'world.users.count=50'],
    });
    expect(runs[0]?.options.speed).toBe(2.5);
  });

  it('runs as fast as possible unless --speed is given', async () => {
    const { runs } = await fakeCli().exec('run', 'storm.yaml', '--quiet');
    expect(runs[0]?.options.speed).toBeUndefined();
  });
});

describe('invalid scenarios', () => {
  it('prints every problem with its place and runs nothing (exit 2)', async () => {
    const bad = new ScenarioError('bad.yaml', [
      { path: 'batcher.debounce', line: 3, column: 13, message: 'expected a duration such as 200ms, got "fast"' },
      { path: 'workload', line: 1, column: 1, message: 'is required' },
    ]);
    const result = await fakeCli({ files: { 'bad.yaml': bad, 'storm.yaml': makeScenario() } }).exec('run', 'storm.yaml', 'bad.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('batcher-sim: bad.yaml is not a valid scenario (2 problems):');
    expect(result.stderr).toContain('bad.yaml:3:13  batcher.debounce  expected a duration such as 200ms, got "fast"');
    expect(result.stderr).toContain('bad.yaml:1:1  workload  is required');
    expect(result.runs).toEqual([]);
  });
});

describe('outcomes and exit codes', () => {
  it('exits 0 when every expectation held and prints the summary table', async () => {
    const { code, stderr, stdout } = await fakeCli().exec('run', 'storm.yaml', '--no-dashboard');
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('batcher-sim: running storm (1m 00s simulated, virtual clock, seed 1, strategy hybrid, as fast as possible)');
    expect(stderr).toContain('latency (mark to client)');
    expect(stderr).toMatch(/PASS\s+latency\.p99 < 5s\s+measured 3\.12 s/);
    expect(stderr).toContain('PASSED: 2 of 2 expectations met; no client diverged');
  });

  it('exits 1 when an expectation failed', async () => {
    const summary = () => makeSummary({ expectations: [expectation({ passed: false })], passed: false });
    const { code, stderr } = await fakeCli({ run: { summary } }).exec('run', 'storm.yaml', '--no-dashboard');
    expect(code).toBe(1);
    expect(stderr).toContain('FAILED: 1 of 1 expectations failed');
  });

  it('exits 1 when clients diverged, even with every expectation met', async () => {
    const summary = () =>
      makeSummary({ consistency: { connectedClients: 10, divergedClients: 1, examples: [] }, passed: false });
    const { code } = await fakeCli({ run: { summary } }).exec('run', 'storm.yaml', '--quiet');
    expect(code).toBe(1);
  });

  it('exits 3 with one line when the run itself fails, the stack only with DEBUG=batcher-sim', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    const plain = await fakeCli({ run: { throws: bug } }).exec('run', 'storm.yaml', '--quiet');
    expect(plain.code).toBe(3);
    expect(plain.stderr).toContain(
      'batcher-sim: the run of storm failed: TypeError: cannot read properties of undefined (set DEBUG=batcher-sim for the stack trace)',
    );
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await fakeCli({ run: { throws: bug }, env: { DEBUG: 'batcher-sim' } }).exec('run', 'storm.yaml', '--quiet');
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('runs several scenarios in turn; the worst outcome decides', async () => {
    const summary = (scenario: { name: string }) =>
      scenario.name === 'isolated' ? makeFailingSummary() : makeSummary({ scenario: { name: scenario.name } });
    const { code, runs, stdout } = await fakeCli({ run: { summary } }).exec('run', 'storm.yaml', 'isolated', '--quiet', '--json');
    expect(code).toBe(1);
    expect(runs.map((r) => r.scenario.name)).toEqual(['storm', 'isolated']);
    const reports = JSON.parse(stdout) as { scenario: { name: string } }[];
    expect(reports.map((r) => r.scenario.name)).toEqual(['storm', 'storm']);
  });
});

describe('reports', () => {
  it('--json without a file writes only JSON to stdout, with the schema version', async () => {
    const { stdout, stderr } = await fakeCli().exec('run', 'storm.yaml', '--no-dashboard', '--json');
    const report = JSON.parse(stdout) as { schemaVersion: number; tool: { version: string }; generatedAt: string; passed: boolean };
    expect(report.schemaVersion).toBe(1);
    expect(report.passed).toBe(true);
    expect(Number.isNaN(Date.parse(report.generatedAt))).toBe(false);
    expect(stderr).toContain('PASSED');
  });

  it('--json, --junit and --timeseries write files relative to the current directory', async () => {
    const cli = fakeCli({ run: { summary: () => makeFailingSummary() } });
    mkdirSync(join(cli.cwd, 'out'));
    const { code, stdout } = await cli.exec(
      'run', 'storm.yaml', '--quiet', '--json', 'out/r.json', '--junit', 'out/junit.xml', '--timeseries', 'out/ts.ndjson',
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const report = JSON.parse(readFileSync(join(cli.cwd, 'out/r.json'), 'utf8')) as { passed: boolean };
    expect(report.passed).toBe(false);
    const suite = childrenNamed(parseXml(readFileSync(join(cli.cwd, 'out/junit.xml'), 'utf8')), 'testsuite')[0]!;
    expect(suite.attributes['failures']).toBe('2');
    const lines = readFileSync(join(cli.cwd, 'out/ts.ndjson'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect((JSON.parse(lines[0]!) as { scenario: string }).scenario).toBe('storm');
  });

  it('refuses a report path in a missing folder before running anything', async () => {
    const { code, stderr, runs } = await fakeCli().exec('run', 'storm.yaml', '--junit', 'missing/junit.xml');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--junit .*missing\/junit\.xml: the folder .*missing does not exist/);
    expect(runs).toEqual([]);
  });
});

describe('progress without a terminal', () => {
  it('prints a start line, then at most one progress line per 10 s of wall time', async () => {
    // 35 snapshots one wall second apart: lines at 10 s, 20 s and 30 s.
    const { stderr, runs } = await fakeCli({ run: { snapshots: 35, stepWallMs: 1000 } }).exec('run', 'storm.yaml', '--no-dashboard');
    expect(runs[0]?.options.snapshotIntervalWallMs).toBe(1000);
    const progress = stderr.split('\n').filter((line) => line.startsWith('  storm '));
    expect(progress).toHaveLength(3);
    expect(progress[0]).toMatch(/^ {2}storm 28\.6% 17\.14 s\/1m 00s speed 50x phase storm marks\/s 4,200\/s .* dirty 480 .* p99 3\.04 s ETA/);
  });

  it('--quiet prints no start or progress line and asks for no snapshots', async () => {
    const { stderr, runs } = await fakeCli({ run: { snapshots: 35, stepWallMs: 1000 } }).exec('run', 'storm.yaml', '--quiet');
    expect(stderr).not.toContain('running storm');
    expect(stderr.split('\n').filter((line) => line.startsWith('  storm '))).toEqual([]);
    expect(runs[0]?.options.onSnapshot).toBeUndefined();
    expect(stderr).toContain('PASSED');
  });

  it('prints the warnings of a costly scenario before it runs', async () => {
    const warned = fakeCli({ files: { 'storm.yaml': makeScenario({ warnings: ['a 1us debounce fires a timer per mark'] }) } });
    const { stderr } = await warned.exec('run', 'storm.yaml', '--quiet');
    expect(stderr).toContain('warning: storm: a 1us debounce fires a timer per mark');
  });
});

describe('colour', () => {
  const table = async (env: Record<string, string>, ...flags: string[]) =>
    (await fakeCli({ env, stderrIsTTY: true }).exec('run', 'storm.yaml', '--no-dashboard', ...flags)).stderr;

  it('is on for a terminal and off for a pipe', async () => {
    expect(await table({})).toContain(ESC);
    expect((await fakeCli().exec('run', 'storm.yaml', '--no-dashboard')).stderr).not.toContain(ESC);
  });

  it('honours --no-color, NO_COLOR and FORCE_COLOR, in that order', async () => {
    expect(await table({}, '--no-color')).not.toContain(ESC);
    expect(await table({ NO_COLOR: '1' })).not.toContain(ESC);
    expect(await table({ NO_COLOR: '1', FORCE_COLOR: '1' })).not.toContain(ESC);
    expect(await table({ FORCE_COLOR: '0' })).not.toContain(ESC);
    expect(await table({ FORCE_COLOR: '1' }, '--no-color')).not.toContain(ESC);
    expect((await fakeCli({ env: { FORCE_COLOR: '1' } }).exec('run', 'storm.yaml', '--no-dashboard')).stderr).toContain(ESC);
  });
});

describe('the dashboard', () => {
  it('is drawn on a terminal, and ends with the summary and the expectations', async () => {
    const { code, stderr, runs } = await fakeCli({ stderrIsTTY: true, run: { snapshots: 3, stepWallMs: 100 } }).exec('run', 'storm.yaml');
    expect(code).toBe(0);
    expect(runs[0]?.options.snapshotIntervalWallMs).toBe(200);
    const text = stripVTControlCharacters(stderr);
    expect(text).toContain('batcher-sim  storm');
    expect(text).toMatch(/PASS\s+latency\.p99 < 5s\s+measured 3\.12 s/);
    expect(text).toContain('PASSED: 2 of 2 expectations met');
    expect(text).not.toContain('running storm');
  });

  it('is replaced by plain lines in CI, with --no-dashboard and with --quiet', async () => {
    const ci = await fakeCli({ stderrIsTTY: true, env: { CI: 'true' } }).exec('run', 'storm.yaml');
    expect(stripVTControlCharacters(ci.stderr)).toContain('running storm');
    const flag = await fakeCli({ stderrIsTTY: true }).exec('run', 'storm.yaml', '--no-dashboard');
    expect(stripVTControlCharacters(flag.stderr)).toContain('running storm');
    const quiet = await fakeCli({ stderrIsTTY: true }).exec('run', 'storm.yaml', '--quiet');
    expect(quiet.stderr).not.toContain('batcher-sim  storm');
  });
});

describe('interrupting a run', () => {
  it('Ctrl-C stops the run, shows and writes the partial results, and exits 130', async () => {
    const cli = fakeCli({ run: { untilAborted: true } });
    const running = cli.exec('run', 'storm.yaml', '--no-dashboard', '--json', 'partial.json');
    await cli.runStarted;
    cli.interrupt();
    const { code, stderr, forcedExits } = await running;
    expect(code).toBe(130);
    expect(forcedExits).toEqual([]);
    expect(stderr).toContain('stopping: finishing with partial results');
    expect(stderr).toContain('interrupted at 12.00 s of 1m 00s: partial results');
    const report = JSON.parse(readFileSync(join(cli.cwd, 'partial.json'), 'utf8')) as { completed: boolean };
    expect(report.completed).toBe(false);
  });

  it('a second Ctrl-C leaves at once with 130', async () => {
    const cli = fakeCli({ run: { untilAborted: true, summary: () => makeSummary({ completed: false }) } });
    const running = cli.exec('run', 'storm.yaml', '--quiet');
    await cli.runStarted;
    cli.interrupt();
    cli.interrupt();
    const { forcedExits } = await running;
    expect(forcedExits).toEqual([130]);
  });

  it('does not start the next scenario after Ctrl-C', async () => {
    const cli = fakeCli({ run: { untilAborted: true } });
    const running = cli.exec('run', 'storm.yaml', 'isolated', '--quiet');
    await cli.runStarted;
    cli.interrupt();
    const { code, runs } = await running;
    expect(code).toBe(130);
    expect(runs).toHaveLength(1);
  });
});

describe('validate, list and init', () => {
  it('validate reports each file and exits 2 when any is invalid', async () => {
    const good = await fakeCli().exec('validate', 'storm.yaml');
    expect(good.code).toBe(0);
    expect(good.stderr).toContain('valid    storm.yaml: storm, 1m 00s, strategy hybrid, 0 phases, 0 expectations');
    const bad = new ScenarioError('bad.yaml', [{ path: 'duration', line: 2, column: 11, message: 'is required' }]);
    const mixed = await fakeCli({ files: { 'bad.yaml': bad } }).exec('validate', 'bad.yaml', 'isolated', 'nope');
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('invalid  bad.yaml:\n  bad.yaml:2:11  duration  is required');
    expect(mixed.stderr).toContain('valid    isolated: isolated');
    expect(mixed.stderr).toContain('invalid  no scenario file "nope" here');
  });

  it('list prints the shipped scenarios on stdout, or JSON', async () => {
    const shipped = [
      { name: 'isolated', path: '/s/isolated.yaml', description: 'Sparse changes.' },
      { name: 'storm', path: '/s/storm.yaml', description: 'An event storm.' },
    ];
    const { code, stdout } = await fakeCli({ shipped }).exec('list');
    expect(code).toBe(0);
    expect(stdout).toBe('isolated  Sparse changes.\nstorm     An event storm.\n');
    const json = await fakeCli({ shipped }).exec('list', '--json');
    expect(JSON.parse(json.stdout)).toEqual(shipped);
  });

  it('init writes the starter scenario, refuses to overwrite without --force, and can print it', async () => {
    const cli = fakeCli();
    const first = await cli.exec('init', 'mine.yaml');
    expect(first.code).toBe(0);
    const written = readFileSync(join(cli.cwd, 'mine.yaml'), 'utf8');
    expect(written).toContain('workload:');
    const again = await cli.exec('init', 'mine.yaml');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('mine.yaml already exists; pick another name or add --force');
    expect((await cli.exec('init', 'mine.yaml', '--force')).code).toBe(0);
    const printed = await cli.exec('init', '-');
    expect(printed.stdout).toBe(written);
    expect((await cli.exec('init')).code).toBe(0);
    expect(existsSync(join(cli.cwd, 'scenario.yaml'))).toBe(true);
  });
});

describe('errors found only while running', () => {
  it('a scenario problem the run discovers (a replay trace, say) is still exit 2, not a crash', async () => {
    const late = new ScenarioError('trace.jsonl', [{ path: '', line: 4, message: 'expected a JSON object per line' }]);
    const { code, stderr } = await fakeCli({ run: { throws: late } }).exec('run', 'storm.yaml', '--quiet');
    expect(code).toBe(2);
    expect(stderr).toContain('batcher-sim: trace.jsonl is not valid:\n  trace.jsonl:4  (file)  expected a JSON object per line');
  });
});
