/**
 * The built binary as a user and CI meet it: a child process, real files, real exit codes.
 * Scenarios here are small so each run takes well under a second on the virtual clock.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { childrenNamed, parseXml } from '../report/parse-xml.js';
import { ensureBuilt, runBin, type BinOptions } from './built-binary.js';

beforeAll(ensureBuilt, 180_000);

/** A small scenario: 10 s of isolated changes on 200 users. */
function smallScenario(expectations: string[], extra = ''): string {
  return [
    'name: small',
    'description: A small run for the CLI tests.',
    'seed: 3',
    'duration: 10s',
    'world:',
    '  users: { count: 200 }',
    '  events: { count: 500 }',
    'workload:',
    '  - type: isolated',
    '    arrival: 50/s',
    'expect:',
    ...expectations.map((e) => `  - ${e}`),
    extra,
  ].join('\n');
}

/** Sends the child SIGINT (as Ctrl-C would) once its stderr shows `marker`. */
function ctrlCOnceAfter(marker: string): { onStderr: BinOptions['onStderr']; sent: () => boolean } {
  let sent = false;
  return {
    onStderr: (text, child) => {
      if (!sent && text.includes(marker)) {
        sent = true;
        child.kill('SIGINT');
      }
    },
    sent: () => sent,
  };
}

function workdir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'batcher-sim-bin-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('batcher-sim (built binary)', () => {
  it('--help and --version answer on stdout with exit 0', async () => {
    const help = await runBin(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: batcher-sim');
    expect(help.stdout).toContain('Exit codes:');
    const version = await runBin(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a bad flag value exits 2 naming the flag, the value and the expected form, without a stack', async () => {
    const { code, stderr } = await runBin(['run', 'isolated', '--seed', '-1']);
    expect(code).toBe(2);
    expect(stderr).toContain("option '--seed <n>' argument '-1' is invalid. Expected a whole number >= 0");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('an invalid scenario exits 2 with each problem at its line', async () => {
    const cwd = workdir({ 'bad.yaml': 'name: bad\nduration: soon\nworkload: []\n' });
    for (const command of ['run', 'validate']) {
      const { code, stderr, stdout } = await runBin([command, 'bad.yaml'], { cwd });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/bad\.yaml:2:\d+\s+duration\s+/);
      expect(stderr).toMatch(/bad\.yaml:3:\d+\s+workload\s+/);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('a missing scenario exits 2', async () => {
    const { code, stderr } = await runBin(['run', 'no-such-scenario'], { cwd: workdir() });
    expect(code).toBe(2);
    expect(stderr).toContain('no shipped scenario named "no-such-scenario"');
  });

  it('a passing run exits 0 and --json on stdout parses, with human output on stderr', async () => {
    const cwd = workdir({ 'small.yaml': smallScenario(['divergedClients == 0', 'latency.p99 < 10s']) });
    const { code, stdout, stderr } = await runBin(['run', 'small.yaml', '--json'], { cwd });
    expect(stderr).toContain('running small');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      schemaVersion: number;
      passed: boolean;
      completed: boolean;
      scenario: { name: string; seed: number; durationMs: number };
      counters: { marks: number; processings: number };
      expectations: { text: string; passed: boolean }[];
    };
    expect(report.schemaVersion).toBe(1);
    expect(report).toMatchObject({ passed: true, completed: true, scenario: { name: 'small', seed: 3, durationMs: 10_000 } });
    expect(report.counters.marks).toBeGreaterThan(0);
    expect(report.counters.processings).toBeGreaterThan(0);
    expect(report.expectations.map((e) => e.passed)).toEqual([true, true]);
    expect(stderr).toContain('PASSED');
  });

  it('a failed expectation exits 1, and JUnit carries the measured value', async () => {
    const cwd = workdir({ 'small.yaml': smallScenario(['latency.p99 < 1us', 'divergedClients == 0']) });
    const { code, stderr } = await runBin(['run', 'small.yaml', '--quiet', '--junit', 'junit.xml'], { cwd });
    expect(code).toBe(1);
    expect(stderr).toMatch(/FAIL\s+latency\.p99 < 1us\s+measured/);
    const suite = childrenNamed(parseXml(readFileSync(join(cwd, 'junit.xml'), 'utf8')), 'testsuite')[0]!;
    expect(suite.attributes).toMatchObject({ name: 'small', tests: '3', failures: '1' });
    const failure = childrenNamed(childrenNamed(suite, 'testcase')[0]!, 'failure')[0]!;
    expect(failure.attributes['message']).toMatch(/^expected latency\.p99 < 1us, measured \d/);
  });

  it('the same seed gives the same figures', async () => {
    const cwd = workdir({ 'small.yaml': smallScenario(['divergedClients == 0']) });
    const strip = (text: string) => {
      const report = JSON.parse(text) as Record<string, unknown>;
      delete report['generatedAt'];
      delete report['run'];
      return report;
    };
    const first = await runBin(['run', 'small.yaml', '--quiet', '--json'], { cwd });
    const second = await runBin(['run', 'small.yaml', '--quiet', '--json'], { cwd });
    expect(strip(second.stdout)).toEqual(strip(first.stdout));
    const other = await runBin(['run', 'small.yaml', '--quiet', '--json', '--seed', '4'], { cwd });
    expect(strip(other.stdout)).not.toEqual(strip(first.stdout));
  });

  it('Ctrl-C stops a run: partial results are shown and written, exit 130', async () => {
    const cwd = workdir({ 'small.yaml': smallScenario(['divergedClients == 0']) });
    const ctrlC = ctrlCOnceAfter('running small');
    const result = await runBin(['run', 'small.yaml', '--clock', 'real', '--duration', '2m', '--json', 'partial.json'], { cwd, onStderr: ctrlC.onStderr });
    expect(ctrlC.sent()).toBe(true);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('partial results');
    const report = JSON.parse(readFileSync(join(cwd, 'partial.json'), 'utf8')) as { completed: boolean; run: { simulatedMs: number } };
    expect(report.completed).toBe(false);
    expect(report.run.simulatedMs).toBeLessThan(120_000);
  });

  it('tune on two worker threads (in a Node started again with its own V8 flags) keeps output, files and exit codes', async () => {
    const cwd = workdir({ 'small.yaml': smallScenario(['divergedClients == 0']) });
    const grid = ['--grid', 'batcher.debounce=25ms,50ms', '--workers', '2', '--duration', '3s'];
    const parallel = await runBin(['tune', 'small.yaml', ...grid, '--json', 'two.json', '-q'], { cwd });
    expect(parallel.code).toBe(0);
    expect(parallel.stderr).toContain('on 2 worker threads');
    expect(parallel.stderr).toContain('Recommended: #');
    const sequential = await runBin(['tune', 'small.yaml', ...grid.slice(0, 2), '--workers', '1', '--duration', '3s', '--json', 'one.json', '-q'], { cwd });
    expect(sequential.code).toBe(0);
    const points = (file: string) => (JSON.parse(readFileSync(join(cwd, file), 'utf8')) as { points: unknown[] }).points;
    expect(points('two.json')).toHaveLength(2);
    expect(points('two.json')).toEqual(points('one.json'));
    // A user error in the child is reported by the child, with its exit code (and the threads it
    // started while checking the grid do not hold the process open).
    const bad = await runBin(['tune', 'small.yaml', '--grid', 'batcher.debounce=soon,25ms', '--workers', '2'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('batcher.debounce');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('Ctrl-C sent to tune on worker threads reaches the runs: exit 130', async () => {
    const cwd = workdir({ 'small.yaml': smallScenario(['divergedClients == 0']) });
    const ctrlC = ctrlCOnceAfter('worker threads');
    const grid = ['--grid', 'batcher.debounce=25ms,50ms,100ms,200ms'];
    const result = await runBin(['tune', 'small.yaml', ...grid, '--workers', '2', '--duration', '10m'], { cwd, onStderr: ctrlC.onStderr });
    expect(ctrlC.sent()).toBe(true);
    expect(result.code).toBe(130);
  });
});
