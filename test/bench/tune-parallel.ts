/**
 * tune's speed goal: on 2 cores, a 16-point grid (debounce x sweep) of the storm scenario on
 * `--workers 2` finishes in under 60% of the time of the same 16 points run one after another
 * (`--workers 1`, the baseline, measured in the same run). Both must give the same results.
 *
 * The baseline runs on one fresh worker thread rather than this one: `tune --workers 1` is a new
 * process whose JIT starts cold, as each worker's does, while this thread is already warm from the
 * calibration run. With BENCH_TUNE_REPEATS > 1, rounds of (baseline, parallel) alternate and the
 * fastest of each kind counts.
 * On a machine shared with other work the kernel gives each session a fair share of the cores
 * however many threads it runs, so the wall-time ratio is printed with the load average, and next
 * to it an estimate for idle cores from the CPU time of each run's busiest thread (Linux).
 *
 * Each thread pays about a second to load the modules and warm its JIT before its runs reach full
 * speed, so short runs understate what parallel runs gain: the storm runs at full length (about
 * 0.6 s a run once warm) unless one run of it is slower than a sixteenth of
 * BENCH_TUNE_SEQUENTIAL_MS (default 40 s), and then never below its last phase start + 5 s.
 * It also prints each mode's timeline (when every thread had finished its first run, and the pace
 * after that) and, for reference only, 16 `batcher-sim run` processes one after another.
 * Other knobs: BENCH_TUNE_REPEATS (rounds, default 1), BENCH_TUNE_SCENARIO (a
 * scenario file instead of scenarios/storm.yaml), BENCH_TUNE_WORKER (a compiled scenario-worker.js).
 * Workers run dist/'s compiled worker when dist/ is newer than src/ (npm run bench builds it), as
 * the installed CLI does; otherwise the TypeScript one through tsx, whose start-up is slower.
 *
 *   npx tsx test/bench/tune-parallel.ts        or        npm run bench -- tune
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runScenario } from '../../src/engine/run-scenario.js';
import { formatDurationMs } from '../../src/report/format.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { parseGrid } from '../../src/tune/grid.js';
import { runRequestsOnWorkerThreads, scenarioWorkerUrl, type RunInThisThread } from '../../src/tune/scenario-runs.js';
import { assembleTuneResult, planTune, tuneRequests } from '../../src/tune/tune-plan.js';
import type { TuneResult, TuneScenarioInfo } from '../../src/tune/tune-result.js';

const SCENARIO_PATH = process.env['BENCH_TUNE_SCENARIO'] ?? fileURLToPath(new URL('../../scenarios/storm.yaml', import.meta.url));
const GRID = ['batcher.debounce=25ms,50ms,100ms,200ms', 'batcher.sweep=150ms,500ms,2s,5s'];
const TARGET_SEQUENTIAL_MS = Number(process.env['BENCH_TUNE_SEQUENTIAL_MS'] ?? 40_000);
/** Rounds of (sequential, parallel); the fastest of each kind is compared. */
const REPEATS = Number(process.env['BENCH_TUNE_REPEATS'] ?? 1);
const GOAL_RATIO = 0.6;
const WORKERS = 2;

const inThisThread: RunInThisThread = (request) => runScenario(loadScenarioFile(request.path, request.overrides));

function newestMtimeMs(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The compiled worker when dist/ was built after the last change to src/; a stale build would mislead. */
function compiledWorker(): URL | undefined {
  const chosen = process.env['BENCH_TUNE_WORKER'];
  if (chosen !== undefined) return pathToFileURL(resolve(chosen));
  const url = new URL('../../dist/tune/scenario-worker.js', import.meta.url);
  const path = fileURLToPath(url);
  if (!existsSync(path)) return undefined;
  const changedAtMs = newestMtimeMs(fileURLToPath(new URL('../../src/', import.meta.url)));
  return statSync(path).mtimeMs >= changedAtMs ? url : undefined;
}

/**
 * CPU time of each thread of this process, by thread id (Linux only; empty elsewhere). On a shared
 * machine the kernel gives each session a fair share of the cores however many threads it runs, so
 * wall time cannot show what two idle cores would do; the busiest worker thread's CPU time can.
 */
function threadCpuMs(): Map<string, number> {
  const times = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return times;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command name: state is 0, utime 11, stime 12, in clock ticks (100 per second).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(tid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return times;
}

/**
 * Wall time of a tune run and the CPU time of its busiest new thread. Worker threads are gone once
 * the run resolves, so their CPU time is sampled while it goes on.
 */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; wallMs: number; busiestThreadCpuMs: number }> {
  const before = threadCpuMs();
  const latest = new Map<string, number>();
  const sample = (): void => {
    for (const [tid, cpuMs] of threadCpuMs()) if (!before.has(tid)) latest.set(tid, cpuMs);
  };
  const sampler = setInterval(sample, 50);
  try {
    const { value, wallMs } = await timed(work);
    return { value, wallMs, busiestThreadCpuMs: Math.max(0, ...latest.values()) };
  } finally {
    clearInterval(sampler);
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; wallMs: number }> {
  const started = performance.now();
  const value = await work();
  return { value, wallMs: performance.now() - started };
}

/**
 * The simulated duration that makes 16 sequential runs take about the target wall time; never so
 * short that a phase would start after the end (the loader refuses that), so the storm always runs.
 */
async function chooseDurationMs(
  fullDurationMs: number,
  shortestMs: number,
  points: number,
): Promise<{ durationMs: number; oneRunMs: number }> {
  // A point from the middle of the grid, at full length, timed on its second run: the first also
  // warms the JIT, which every thread pays once whatever the length.
  const probeRun = () =>
    timed(() => inThisThread({ path: SCENARIO_PATH, overrides: { set: ['batcher.debounce=50ms', 'batcher.sweep=500ms'] } }, undefined));
  await probeRun();
  const probe = await probeRun();
  const perRunTargetMs = TARGET_SEQUENTIAL_MS / points;
  if (probe.wallMs <= perRunTargetMs) return { durationMs: fullDurationMs, oneRunMs: probe.wallMs };
  const shortened = Math.max(shortestMs, Math.round((fullDurationMs * (perRunTargetMs / probe.wallMs)) / 1000) * 1000);
  return { durationMs: Math.min(fullDurationMs, shortened), oneRunMs: probe.wallMs };
}

export async function run(): Promise<void> {
  const base = loadScenarioFile(SCENARIO_PATH);
  const axes = parseGrid(GRID);
  const points = axes.reduce((n, axis) => n * axis.values.length, 1);
  const lastPhaseStartMs = Math.max(0, ...base.workload.map((phase) => phase.startMs));
  const shortestMs = Math.ceil((lastPhaseStartMs + 5_000) / 1000) * 1000;
  const { durationMs, oneRunMs } = await chooseDurationMs(base.durationMs, shortestMs, points);
  const plan = planTune({ path: SCENARIO_PATH, axes, common: { durationMs }, seeds: [base.seed] });
  const info: TuneScenarioInfo = {
    name: base.name,
    sourcePath: SCENARIO_PATH,
    baseSeed: base.seed,
    durationMs,
    strategy: base.batcher.strategy,
    expectations: base.expect.length,
  };
  const workerUrl = compiledWorker();
  const [loadAtStart] = loadavg();
  console.log(
    `${base.name}: ${points} grid points (${GRID.join(' x ')}), ${formatDurationMs(durationMs)} simulated each` +
      (durationMs < base.durationMs ? ` (shortened from ${formatDurationMs(base.durationMs)}: one full run took ${formatDurationMs(oneRunMs)})` : '') +
      `; ${availableParallelism()} cores, load average ${loadAtStart?.toFixed(1) ?? '?'}; workers run ${workerUrl === undefined ? 'the TypeScript worker through tsx' : 'the compiled dist/ worker'}`,
  );

  // Alternating the two and keeping the fastest of each lets a burst of other work on the machine
  // hit both kinds alike instead of deciding the ratio.
  const sequentialMs: number[] = [];
  const parallelMs: number[] = [];
  let sequential: TuneResult | undefined;
  let parallel: TuneResult | undefined;
  const sequentialCpuMs: number[] = [];
  const parallelCpuMs: number[] = [];
  const threadUrl = workerUrl ?? scenarioWorkerUrl();
  // runTune with one worker would run in this (warm) thread: the baseline goes to a thread directly.
  const timelines = new Map<number, number[][]>();
  const onThreads = async (workers: number): Promise<TuneResult> => {
    const started = performance.now();
    const doneAtMs: number[] = [];
    const summaries = await runRequestsOnWorkerThreads(tuneRequests(plan), {
      workers,
      workerUrl: threadUrl,
      onRunDone: () => doneAtMs.push(performance.now() - started),
    });
    timelines.set(workers, [...(timelines.get(workers) ?? []), doneAtMs]);
    return assembleTuneResult(plan, info, summaries);
  };
  for (let round = 0; round < REPEATS; round++) {
    const one = await measured(() => onThreads(1));
    sequentialMs.push(one.wallMs);
    sequentialCpuMs.push(one.busiestThreadCpuMs);
    sequential = one.value;
    const two = await measured(() => onThreads(WORKERS));
    parallelMs.push(two.wallMs);
    parallelCpuMs.push(two.busiestThreadCpuMs);
    parallel = two.value;
  }
  const bestSequentialMs = Math.min(...sequentialMs);
  const bestParallelMs = Math.min(...parallelMs);
  console.log(`sequential, one worker thread (baseline): ${sequentialMs.map(formatDurationMs).join(', ')}; fastest ${formatDurationMs(bestSequentialMs)}`);
  console.log(`--workers ${WORKERS}: ${parallelMs.map(formatDurationMs).join(', ')}; fastest ${formatDurationMs(bestParallelMs)}`);
  const ratio = bestParallelMs / bestSequentialMs;
  console.log(
    `parallel / sequential: ${(ratio * 100).toFixed(1)}% (goal < ${GOAL_RATIO * 100}% on 2 cores: ${ratio < GOAL_RATIO ? 'ok' : 'MISSED'})`,
  );
  const [load1] = loadavg();
  if (load1 !== undefined && load1 > availableParallelism()) {
    console.log(`(load average ${load1.toFixed(1)} on ${availableParallelism()} cores: other work shared the cores, so the wall-time ratio says little)`);
  }
  const bestSequentialCpuMs = Math.min(...sequentialCpuMs);
  const bestWorkerCpuMs = Math.min(...parallelCpuMs);
  if (bestSequentialCpuMs > 0 && bestWorkerCpuMs > 0) {
    // On idle cores a run lasts about as long as its busiest thread computes.
    const estimate = bestWorkerCpuMs / bestSequentialCpuMs;
    console.log(
      `CPU time: sequential ${formatDurationMs(bestSequentialCpuMs)} on one worker; busiest of ${WORKERS} workers ` +
        `${formatDurationMs(bestWorkerCpuMs)}; estimated ratio on ${WORKERS} idle cores ${(estimate * 100).toFixed(1)}% ` +
        `(goal < ${GOAL_RATIO * 100}%: ${estimate < GOAL_RATIO ? 'ok' : 'MISSED'})`,
    );
  }
  for (const workers of [1, WORKERS]) {
    const fastest = (timelines.get(workers) ?? []).reduce<number[] | undefined>((best, t) => (best === undefined || t.at(-1)! < best.at(-1)! ? t : best), undefined);
    if (fastest !== undefined) console.log(`  ${describeTimeline(fastest, workers)}`);
  }
  const same = parallel !== undefined && isDeepStrictEqual(parallel, sequential);
  console.log(`results identical between parallel and sequential: ${same ? 'yes' : 'NO'}`);
  if (workerUrl !== undefined) shellLoop(plan.points.map((point) => point.overrides), durationMs, bestParallelMs);
}

/**
 * Where the time of one tune went: how long until every thread had finished its first run (module
 * loading and the JIT's warm-up, paid once per thread), and the pace after that.
 */
function describeTimeline(doneAtMs: readonly number[], workers: number): string {
  const warm = doneAtMs[workers - 1] ?? 0;
  const rest = doneAtMs.length - workers;
  const perRun = rest > 0 ? ((doneAtMs.at(-1)! - warm) * workers) / rest : 0;
  return (
    `${workers === 1 ? 'one worker' : `${workers} workers`}: first run${workers === 1 ? '' : 's'} done after ${formatDurationMs(warm)}, ` +
    `then ${formatDurationMs(perRun)} per run on each thread`
  );
}

/**
 * For reference, not the goal: what a user without tune would do, one `batcher-sim run` process per
 * point, one after another (each pays Node's start, module loading and the JIT's warm-up).
 */
function shellLoop(points: readonly string[][], durationMs: number, parallelMs: number): void {
  const cli = fileURLToPath(new URL('../../bin/batcher-sim.js', import.meta.url));
  const started = performance.now();
  for (const overrides of points) {
    const args = [cli, 'run', SCENARIO_PATH, '--duration', `${durationMs}ms`, '-q', '--no-color', ...overrides.flatMap((o) => ['--set', o])];
    const outcome = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (outcome.status !== 0) {
      console.log(`(reference loop stopped: batcher-sim run exited ${outcome.status ?? outcome.signal} for ${overrides.join(' ')})`);
      return;
    }
  }
  const loopMs = performance.now() - started;
  console.log(
    `reference, not the goal: ${points.length} \`batcher-sim run\` processes one after another took ${formatDurationMs(loopMs)}; ` +
      `--workers ${WORKERS} took ${((parallelMs / loopMs) * 100).toFixed(1)}% of that`,
  );
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) await run();
