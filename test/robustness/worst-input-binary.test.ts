/**
 * The worst inputs against the built binary, as CI meets it: a 50 MB file, binary garbage, YAML
 * nested thousands deep, an alias bomb. Each must exit 2 with a message naming the problem, with no
 * stack trace, and within a second of work: the time is measured against `--version`, which pays
 * the same Node start-up, in the same test.
 */
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runBin, type BinResult } from '../cli/built-binary.js';
import { STACK_TRACE_LINE } from '../fuzz/scenario-invariants.js';

beforeAll(ensureBuilt, 180_000);

const WORK_BOUND_MS = 1000;

async function timed(args: string[], cwd: string): Promise<{ result: BinResult; wallMs: number }> {
  const started = performance.now();
  const result = await runBin(args, { cwd });
  return { result, wallMs: performance.now() - started };
}

/** The fastest of a few `--version` runs: Node start-up plus loading the CLI. */
async function startupMs(cwd: string): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) best = Math.min(best, (await timed(['--version'], cwd)).wallMs);
  return best;
}

function workdir(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'batcher-sim-worst-'));
  // 50 MB: a sparse file reads as NUL bytes, and a real one of text is checked too.
  const sparse = openSync(join(cwd, 'huge-sparse.yaml'), 'w');
  ftruncateSync(sparse, 50 * 1024 * 1024);
  closeSync(sparse);
  const text = openSync(join(cwd, 'huge-text.yaml'), 'w');
  const line = Buffer.from('  - { type: isolated, arrival: 1/s }\n');
  const chunk = Buffer.concat(Array.from({ length: 4096 }, () => line));
  writeSync(text, 'duration: 10s\nworkload:\n');
  for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) writeSync(text, chunk);
  closeSync(text);
  const garbage = Buffer.alloc(64 * 1024);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 2654435761) >>> 24;
  writeFileSync(join(cwd, 'garbage.yaml'), garbage);
  // Just under the 1 MiB a scenario may have: nesting, not size, is what costs here.
  writeFileSync(join(cwd, 'deep.yaml'), `duration: 10s\nworkload: ${'['.repeat(500_000)}${']'.repeat(500_000)}\n`);
  writeFileSync(
    join(cwd, 'alias-bomb.yaml'),
    ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`), 'duration: 10s', 'workload: *j'].join('\n'),
  );
  return cwd;
}

interface WorstCase {
  args: string[];
  message: RegExp;
}

/** Every case is tried and every miss reported, so one slow case does not hide another. */
async function missesOf(cases: readonly WorstCase[], cwd: string): Promise<string[]> {
  const baselineMs = await startupMs(cwd);
  const misses: string[] = [];
  for (const { args, message } of cases) {
    const { result, wallMs } = await timed(args, cwd);
    const context = `${args.join(' ')}: exit ${result.code} in ${wallMs.toFixed(0)} ms (start-up ${baselineMs.toFixed(0)} ms)`;
    if (result.code !== 2) misses.push(`${context}: exit code`);
    if (!message.test(result.stderr)) misses.push(`${context}: message ${String(message)} not in\n${result.stderr.slice(0, 500)}`);
    if (STACK_TRACE_LINE.test(result.stderr)) misses.push(`${context}: stack trace`);
    if (result.stdout !== '') misses.push(`${context}: wrote to stdout`);
    if (wallMs - baselineMs >= WORK_BOUND_MS) misses.push(`${context}: more than ${WORK_BOUND_MS} ms of work`);
  }
  return misses;
}

describe('the worst inputs, on the built binary', () => {
  const cwd = workdir();
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('answers each with exit 2, a message naming the problem, no stack trace, within a second of work', async () => {
    const cases: WorstCase[] = [
      { args: ['validate', 'huge-sparse.yaml'], message: /huge-sparse\.yaml.*50\.0 MiB, far above what a scenario needs/ },
      { args: ['run', 'huge-text.yaml'], message: /huge-text\.yaml.*50\.0 MiB, far above what a scenario needs/ },
      { args: ['run', 'garbage.yaml', '--quiet'], message: /garbage\.yaml.*(NUL byte|not valid UTF-8|binary)/ },
      { args: ['validate', 'alias-bomb.yaml'], message: /alias-bomb\.yaml.*(alias|Excessive)/i },
      { args: ['run', 'huge-sparse.yaml', '--seed', 'x'], message: /--seed <n>.*'x' is invalid/ },
    ];
    const misses = await missesOf(cases, cwd);
    expect(misses, misses.join('\n')).toEqual([]);
  }, 120_000);

  // Fails today: yaml's parser recurses once per level of [ or {, overflows the stack and carries
  // on, so ~1 MB of brackets costs seconds (5.7 s measured) before the "Maximum call stack size
  // exceeded" problem comes back. The fix belongs in src/scenario/load.ts: refuse nesting deeper
  // than a scenario can need (say 100 levels) with a located problem, before parseDocument.
  it('answers YAML nested half a million deep within a second, naming where', async () => {
    const misses = await missesOf([{ args: ['validate', 'deep.yaml'], message: /deep\.yaml:\d+/ }], cwd);
    expect(misses, misses.join('\n')).toEqual([]);
  }, 60_000);
});
