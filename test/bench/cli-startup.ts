/**
 * How fast the CLI feels, on the built binary:
 *  - `--help` and `--version`: median of 20 cold starts, goal < 150 ms; baseline: a bare `node -e ""`
 *    start measured in the same run, so the figure reads as "node plus our own cost".
 *  - `run isolated --no-dashboard`: wall time of a whole process, goal < 2 s; baseline: `validate
 *    isolated` (start, load and check the scenario, no run).
 *  - the dashboard's cost: the same virtual-time run in-process with the dashboard drawing on a fake
 *    terminal vs --no-dashboard, alternated to share the machine's noise; goal: < 10 % slower.
 *    Judged on the fastest run of each kind (other processes only ever add time, so the minimum is
 *    the best estimate of the intrinsic cost on a shared machine); the medians are printed too.
 *    Loading Ink and React is a separate, once-per-process cost, measured in a fresh process.
 * Run with `npm run bench -- cli` or `npx tsx test/bench/cli-startup.ts`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { BIN, ROOT, ensureBuilt } from '../cli/built-binary.js';
import { FakeInput, FakeTerminal } from '../ui/fake-terminal.js';

type Main = (argv: string[], io?: Record<string, unknown>) => Promise<number>;

const STARTS = 20;
const RUNS = 5;
const DASHBOARD_PAIRS = 7;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function timeProcess(args: readonly string[], times: number): { wallMs: number[]; status: number | null } {
  const wallMs: number[] = [];
  let status: number | null = null;
  const env = { ...process.env, CI: 'true', NO_COLOR: '1' };
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'ignore'] });
    wallMs.push(performance.now() - started);
    status = result.status;
  }
  return { wallMs, status };
}

function verdict(ok: boolean): string {
  return ok ? 'OK  ' : 'MISS';
}

function line(label: string, valueMs: number, goal: string, ok: boolean, extra = ''): void {
  console.log(`  ${verdict(ok)} ${label.padEnd(34)} ${valueMs.toFixed(1).padStart(8)} ms   goal ${goal}${extra}`);
}

async function startup(): Promise<void> {
  console.log(`startup (median of ${STARTS} cold starts, p90 in brackets)`);
  const baseline = timeProcess(['-e', ''], STARTS);
  const baseMedian = median(baseline.wallMs);
  console.log(`  base node -e "" ${' '.repeat(20)} ${baseMedian.toFixed(1).padStart(8)} ms   (baseline)`);
  for (const flag of ['--help', '--version']) {
    const { wallMs, status } = timeProcess([BIN, flag], STARTS);
    const m = median(wallMs);
    line(
      `batcher-sim ${flag}`,
      m,
      '< 150 ms',
      m < 150 && status === 0,
      ` [p90 ${percentile(wallMs, 90).toFixed(1)}]  x${(m / baseMedian).toFixed(2)} base, +${(m - baseMedian).toFixed(1)} ms own`,
    );
  }
}

async function isolatedRun(): Promise<void> {
  console.log(`\nrun isolated (median of ${RUNS} processes)`);
  const load = timeProcess([BIN, 'validate', 'isolated'], RUNS);
  const loadMedian = median(load.wallMs);
  console.log(`  base validate isolated ${' '.repeat(12)}${loadMedian.toFixed(1).padStart(9)} ms   (baseline: start + load, no run; exit ${String(load.status)})`);
  const run = timeProcess([BIN, 'run', 'isolated', '--no-dashboard'], RUNS);
  const m = median(run.wallMs);
  line('batcher-sim run isolated', m, '< 2000 ms', m < 2000 && (run.status === 0 || run.status === 1), ` [max ${Math.max(...run.wallMs).toFixed(0)}]  x${(m / loadMedian).toFixed(2)} base, exit ${String(run.status)}`);
}

async function dashboardCost(): Promise<void> {
  const { main } = (await import(pathToFileURL(join(ROOT, 'dist', 'cli', 'main.js')).href)) as { main: Main };
  // A run of a few wall seconds, like the shipped scenarios, so the figure is the dashboard's effect on
  // a run's pace (frames a second), not its one-off set-up and final frame against a 0.5 s run.
  const args = ['node', 'batcher-sim', 'run', 'isolated', '--duration', '30m'];
  const once = async (dashboard: boolean): Promise<{ wallMs: number; frames: number; code: number }> => {
    const stderr = new FakeTerminal(120, 60);
    const stdout = new FakeTerminal(120, 60);
    const started = performance.now();
    const code = await main(dashboard ? args : [...args, '--no-dashboard'], {
      stdout,
      stderr,
      stdin: new FakeInput(),
      env: { TERM: 'xterm-256color' },
      onInterrupt: () => () => {},
    });
    const wallMs = performance.now() - started;
    const frames = stderr.writes.filter((w) => w.includes('batcher-sim')).length;
    return { wallMs, frames, code };
  };
  console.log(`\ndashboard cost (isolated for 30m simulated, ${DASHBOARD_PAIRS} alternated pairs, in-process)`);
  await once(false); // warm-up: JIT and module loading are not the dashboard's cost
  await once(true);
  const plain: number[] = [];
  const drawn: number[] = [];
  let frames = 0;
  for (let i = 0; i < DASHBOARD_PAIRS; i++) {
    plain.push((await once(false)).wallMs);
    const withDashboard = await once(true);
    drawn.push(withDashboard.wallMs);
    frames += withDashboard.frames;
  }
  const importArgs = ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'ui', 'render-dashboard.js')).href)})`];
  const loadMs = median(timeProcess(importArgs, RUNS).wallMs) - median(timeProcess(['-e', ''], RUNS).wallMs);
  const plainMin = Math.min(...plain);
  const drawnMin = Math.min(...drawn);
  const slowdown = drawnMin / plainMin - 1;
  const medianSlowdown = median(drawn) / median(plain) - 1;
  console.log(
    `  base --no-dashboard ${' '.repeat(15)}${plainMin.toFixed(1).padStart(9)} ms   (baseline, fastest; median ${median(plain).toFixed(0)} ms)`,
  );
  line(
    'with the dashboard (fastest)',
    drawnMin,
    '< 10 % slower',
    slowdown < 0.1,
    `  ${(slowdown * 100).toFixed(1)} % slower (medians: ${(medianSlowdown * 100).toFixed(1)} %), ` +
      `${(frames / DASHBOARD_PAIRS).toFixed(0)} frames a run`,
  );
  console.log(
    `  note loading Ink and React, once a process ${loadMs.toFixed(0).padStart(6)} ms   ` +
      `(${((loadMs / plainMin) * 100).toFixed(0)} % of this run; not part of the goal, which is about the run's pace)`,
  );
}

export async function run(): Promise<void> {
  await ensureBuilt();
  await startup();
  await isolatedRun();
  await dashboardCost();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run();
}
