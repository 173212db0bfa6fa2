/**
 * tune's speed goal: on 2 cores, a 16-point grid (debounce x sweep) of the storm scenario with
 * `tune --workers 2` finishes in under 60% of the time of the same 16 points run one after another
 * (`tune --workers 1`, the baseline, measured in the same run). Both must give the same results.
 *
 * Each mode is the real command, a fresh `batcher-sim tune` process, timed from start to exit: what
 * a user waits for. On several workers the CLI starts Node again with V8 flags that make every thread
 * compile and collect for itself (src/cli/relaunch.ts); the bench also times `--workers 2` without
 * that relaunch, so the flags' effect is measured in the same run rather than assumed.
 * Worker threads get a larger young generation than the main thread (worker-pool.ts), so the
 * sequential baseline is also timed with the same young generation (a Node flag), and the faster of
 * the two sequential kinds is the baseline. Rounds of the four kinds alternate and the fastest of
 * each kind counts: a burst of other work on the machine then hits every kind alike. The CPU time of
 * each command (user + system, Linux) shows what the parallel run spends beyond the sequential one.
 *
 * How far apart two simulations on two cores can get on this machine is measured too: two
 * `tune --workers 1 --shard i/2` processes at once, each running half the points one after another
 * (merged with `batcher-sim merge` to check their results). Nothing is shared between them, not even
 * a process, so their time against the sequential one is what the cores give any design in which
 * each core compiles and runs its own simulations; `--workers 2` cannot be expected to beat it by
 * much.
 *
 * The storm runs at full length (about 0.6 s a run once warm) unless one run of it is slower than a
 * sixteenth of BENCH_TUNE_SEQUENTIAL_MS (default 40 s), and then never below its last phase start +
 * 5 s. For reference only, it also times 16 `batcher-sim run` processes one after another.
 * Other knobs: BENCH_TUNE_REPEATS (rounds, default 3), BENCH_TUNE_SCENARIO (a scenario file instead
 * of scenarios/storm.yaml). `npm run bench` builds dist/ first; the commands run bin/batcher-sim.js.
 *
 *   npm run bench -- tune
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RELAUNCHED_ENV } from '../../src/cli/relaunch.js';
import { runScenario } from '../../src/engine/run-scenario.js';
import { formatDurationMs } from '../../src/report/format.js';
import { loadScenarioFile } from '../../src/scenario/load.js';

const SCENARIO_PATH = process.env['BENCH_TUNE_SCENARIO'] ?? fileURLToPath(new URL('../../scenarios/storm.yaml', import.meta.url));
const CLI = fileURLToPath(new URL('../../bin/batcher-sim.js', import.meta.url));
const GRID = ['batcher.debounce=25ms,50ms,100ms,200ms', 'batcher.sweep=150ms,500ms,2s,5s'];
const TARGET_SEQUENTIAL_MS = Number(process.env['BENCH_TUNE_SEQUENTIAL_MS'] ?? 40_000);
const REPEATS = Number(process.env['BENCH_TUNE_REPEATS'] ?? 3);
const GOAL_RATIO = 0.6;
const WORKERS = 2;

/** CPU time (user + system) of this process's finished children, from /proc (Linux; 0 elsewhere). */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name: state is 0, cutime 13, cstime 14, in clock ticks (100 a second).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return 0;
  }
}

interface Timed {
  wallMs: number;
  cpuMs: number;
}

/** Runs the CLI to its exit; a failure stops the bench with the command's own message. */
function timedCli(args: readonly string[], env: Record<string, string> = {}, nodeFlags: readonly string[] = []): Timed {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const outcome = spawnSync(process.execPath, [...nodeFlags, CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  const wallMs = performance.now() - started;
  // Exit 1 only says no point met every expectation; the figures are still the figures.
  if (outcome.status !== 0 && outcome.status !== 1) {
    throw new Error(`batcher-sim ${args.join(' ')} exited ${outcome.status ?? outcome.signal}:\n${outcome.stderr}`);
  }
  return { wallMs, cpuMs: childrenCpuMs() - cpuBefore };
}

/** Runs several CLI commands at once and times them until the last exits. */
async function timedClisAtOnce(argsList: readonly (readonly string[])[]): Promise<Timed> {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  await Promise.all(
    argsList.map(
      (args) =>
        new Promise<void>((resolvePromise, reject) => {
          const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          child.on('error', reject);
          child.on('close', (code, signal) => {
            if (code === 0 || code === 1) resolvePromise();
            else reject(new Error(`batcher-sim ${args.join(' ')} exited ${code ?? signal}:\n${stderr}`));
          });
        }),
    ),
  );
  const wallMs = performance.now() - started;
  return { wallMs, cpuMs: childrenCpuMs() - cpuBefore };
}

/**
 * The simulated duration that makes 16 sequential runs take about the target wall time; never so
 * short that a phase would start after the end (the loader refuses that), so the storm always runs.
 */
async function chooseDurationMs(fullDurationMs: number, shortestMs: number, points: number): Promise<{ durationMs: number; oneRunMs: number }> {
  // A point from the middle of the grid at full length, timed on its second run: the first also
  // warms the JIT, which every process and thread pays once whatever the length.
  const scenario = loadScenarioFile(SCENARIO_PATH, { set: ['batcher.debounce=50ms', 'batcher.sweep=500ms'] });
  await runScenario(scenario);
  const started = performance.now();
  await runScenario(scenario);
  const oneRunMs = performance.now() - started;
  const perRunTargetMs = TARGET_SEQUENTIAL_MS / points;
  if (oneRunMs <= perRunTargetMs) return { durationMs: fullDurationMs, oneRunMs };
  const shortened = Math.max(shortestMs, Math.round((fullDurationMs * (perRunTargetMs / oneRunMs)) / 1000) * 1000);
  return { durationMs: Math.min(fullDurationMs, shortened), oneRunMs };
}

interface Mode {
  label: string;
  workers: number;
  /** Run as this many `--shard i/n` processes at once (each with `workers`), then merged. */
  shards?: number;
  /** Node flags for the command's process. */
  node: string[];
  env: Record<string, string>;
  times: Timed[];
}

function fastest(mode: Mode): Timed {
  return mode.times.reduce((best, t) => (t.wallMs < best.wallMs ? t : best));
}

export async function run(): Promise<void> {
  const base = loadScenarioFile(SCENARIO_PATH);
  const points = GRID.reduce((n, axis) => n * axis.split(',').length, 1);
  const lastPhaseStartMs = Math.max(0, ...base.workload.map((phase) => phase.startMs));
  const shortestMs = Math.ceil((lastPhaseStartMs + 5_000) / 1000) * 1000;
  const { durationMs, oneRunMs } = await chooseDurationMs(base.durationMs, shortestMs, points);
  const [loadAtStart] = loadavg();
  console.log(
    `${base.name}: ${points} grid points (${GRID.join(' x ')}), ${formatDurationMs(durationMs)} simulated each` +
      (durationMs < base.durationMs ? ` (shortened from ${formatDurationMs(base.durationMs)}: one full run took ${formatDurationMs(oneRunMs)})` : '') +
      `; ${availableParallelism()} cores, load average ${loadAtStart?.toFixed(1) ?? '?'}; ${REPEATS} round(s), fastest of each counts`,
  );

  const folder = mkdtempSync(join(tmpdir(), 'batcher-sim-tune-bench-'));
  const modes: Mode[] = [
    { label: 'tune --workers 1 (one after another)', workers: 1, node: [], env: {}, times: [] },
    // The workers' 96 MB young generation (worker-pool.ts), given to the one thread of --workers 1.
    { label: 'tune --workers 1 with the workers\' young generation', workers: 1, node: ['--max-semi-space-size=32'], env: {}, times: [] },
    { label: `tune --workers ${WORKERS}`, workers: WORKERS, node: [], env: {}, times: [] },
    { label: `tune --workers ${WORKERS} without the relaunch (V8's default flags)`, workers: WORKERS, node: [], env: { [RELAUNCHED_ENV]: '1' }, times: [] },
    { label: `${WORKERS} processes of tune --workers 1 --shard i/${WORKERS} at once`, workers: 1, shards: WORKERS, node: [], env: {}, times: [] },
  ];
  const results: unknown[] = [];
  try {
    for (let round = 0; round < REPEATS; round++) {
      for (const [m, mode] of modes.entries()) {
        const out = join(folder, `mode-${m}.json`);
        const args = ['tune', SCENARIO_PATH, ...GRID.flatMap((g) => ['--grid', g]), '--duration', `${durationMs}ms`, '--workers', String(mode.workers), '-q', '--no-color'];
        if (mode.shards === undefined) {
          mode.times.push(timedCli([...args, '--json', out], mode.env, mode.node));
        } else {
          const parts = Array.from({ length: mode.shards }, (_, i) => join(folder, `mode-${m}-shard-${i + 1}.json`));
          mode.times.push(await timedClisAtOnce(parts.map((part, i) => [...args, '--shard', `${i + 1}/${mode.shards}`, '--json', part])));
          timedCli(['merge', ...parts, '--no-color', '--json', out]);
        }
        results[m] = (JSON.parse(readFileSync(out, 'utf8')) as { points: unknown }).points;
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }

  const [plain, roomy, parallel, unflagged, separate] = modes as [Mode, Mode, Mode, Mode, Mode];
  // The baseline is the faster way of running the points one after another.
  const sequential = fastest(roomy).wallMs < fastest(plain).wallMs ? roomy : plain;
  for (const mode of modes) {
    console.log(
      `${mode.label}: ${mode.times.map((t) => formatDurationMs(t.wallMs)).join(', ')}; fastest ${formatDurationMs(fastest(mode).wallMs)}` +
        (fastest(mode).cpuMs > 0 ? ` (CPU ${formatDurationMs(fastest(mode).cpuMs)})` : ''),
    );
  }
  const ratio = fastest(parallel).wallMs / fastest(sequential).wallMs;
  console.log(
    `parallel / sequential (the faster of the two one-after-another kinds): ${(ratio * 100).toFixed(1)}% ` +
      `(goal < ${GOAL_RATIO * 100}% on 2 cores: ${ratio < GOAL_RATIO ? 'ok' : 'MISSED'})`,
  );
  const rounds = sequential.times.map((t, i) => `${((parallel.times[i]!.wallMs / t.wallMs) * 100).toFixed(1)}%`);
  console.log(`  round by round: ${rounds.join(', ')}`);
  console.log(`  without the relaunch: ${((fastest(unflagged).wallMs / fastest(sequential).wallMs) * 100).toFixed(1)}%`);
  const machine = fastest(separate).wallMs / fastest(sequential).wallMs;
  console.log(
    `  what the cores give: ${WORKERS} separate shard processes at once took ${(machine * 100).toFixed(1)}% ` +
      `(round by round: ${separate.times.map((t, i) => `${((t.wallMs / sequential.times[i]!.wallMs) * 100).toFixed(1)}%`).join(', ')}); ` +
      `--workers ${WORKERS} took ${((fastest(parallel).wallMs / fastest(separate).wallMs) * 100).toFixed(1)}% of their time`,
  );
  if (fastest(parallel).cpuMs > 0) {
    // Two cores can at best split the parallel run's CPU time evenly: that half, against the
    // sequential wall time, is the ratio the parallel run could reach with no start-up, no waiting
    // and nothing else on the machine. The sequential run's own compiler and collector helpers work
    // on the idle core, so its CPU time exceeds its wall time; the parallel run pays them on both.
    const floor = fastest(parallel).cpuMs / WORKERS / fastest(sequential).wallMs;
    console.log(
      `  lower bound from CPU time: ${formatDurationMs(fastest(parallel).cpuMs)} / ${WORKERS} cores = ${((floor * 100).toFixed(1))}% of the sequential wall time` +
        ` (sequential: ${formatDurationMs(fastest(sequential).cpuMs)} CPU in ${formatDurationMs(fastest(sequential).wallMs)})`,
    );
  }
  const [load1] = loadavg();
  if (load1 !== undefined && load1 > availableParallelism() + 0.5) {
    console.log(`(load average ${load1.toFixed(1)} on ${availableParallelism()} cores: other work shared the cores, so the ratio says little)`);
  }
  const same = results.every((r) => isDeepStrictEqual(r, results[0]));
  console.log(`results identical between the ${modes.length} kinds: ${same ? 'yes' : 'NO'}`);
  shellLoop(durationMs, fastest(parallel).wallMs);
}

/**
 * For reference, not the goal: what a user without tune would do, one `batcher-sim run` process per
 * point, one after another (each pays Node's start, module loading and the JIT's warm-up).
 */
function shellLoop(durationMs: number, parallelMs: number): void {
  const [debounces, sweeps] = GRID.map((axis) => axis.split('=')[1]!.split(',')) as [string[], string[]];
  const started = performance.now();
  for (const debounce of debounces) {
    for (const sweep of sweeps) {
      timedCli(['run', SCENARIO_PATH, '--duration', `${durationMs}ms`, '-q', '--no-color', '--set', `batcher.debounce=${debounce}`, '--set', `batcher.sweep=${sweep}`]);
    }
  }
  const loopMs = performance.now() - started;
  console.log(
    `reference, not the goal: ${debounces.length * sweeps.length} \`batcher-sim run\` processes one after another took ${formatDurationMs(loopMs)}; ` +
      `--workers ${WORKERS} took ${((parallelMs / loopMs) * 100).toFixed(1)}% of that`,
  );
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) await run();
