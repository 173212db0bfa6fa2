/**
 * tune's speed goal: on 2 cores, a 16-point grid (debounce x sweep) of the storm scenario on
 * `--workers 2` finishes in under 60% of the time of the same 16 points run one after another in
 * this thread (`--workers 1`, the baseline, measured in the same run). Both results must be equal.
 *
 * The storm is shortened, when one run of it is slow, so the whole benchmark stays around a minute:
 * BENCH_TUNE_SEQUENTIAL_MS is the wall time aimed at for the sequential grid (default 25 s);
 * BENCH_TUNE_SCENARIO runs another scenario file instead of scenarios/storm.yaml.
 * With a built dist/ (npm run bench builds it) the workers run the compiled worker, as the installed
 * CLI does; otherwise the TypeScript one through tsx, whose start-up counts against the parallel run.
 *
 *   npx tsx test/bench/tune-parallel.ts        or        npm run bench -- tune
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runScenario } from '../../src/engine/run-scenario.js';
import { formatDurationMs } from '../../src/report/format.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { parseGrid } from '../../src/tune/grid.js';
import type { RunInThisThread } from '../../src/tune/scenario-runs.js';
import { planTune, runTune } from '../../src/tune/tune-plan.js';
import type { TuneResult, TuneScenarioInfo } from '../../src/tune/tune-result.js';

const SCENARIO_PATH = process.env['BENCH_TUNE_SCENARIO'] ?? fileURLToPath(new URL('../../scenarios/storm.yaml', import.meta.url));
const GRID = ['batcher.debounce=25ms,50ms,100ms,200ms', 'batcher.sweep=150ms,500ms,2s,5s'];
const TARGET_SEQUENTIAL_MS = Number(process.env['BENCH_TUNE_SEQUENTIAL_MS'] ?? 25_000);
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
  const url = new URL('../../dist/tune/scenario-worker.js', import.meta.url);
  const path = fileURLToPath(url);
  if (!existsSync(path)) return undefined;
  const changedAtMs = newestMtimeMs(fileURLToPath(new URL('../../src/', import.meta.url)));
  return statSync(path).mtimeMs >= changedAtMs ? url : undefined;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; wallMs: number }> {
  const started = performance.now();
  const value = await work();
  return { value, wallMs: performance.now() - started };
}

/** The simulated duration that makes 16 sequential runs take about the target wall time. */
async function chooseDurationMs(fullDurationMs: number, points: number): Promise<{ durationMs: number; oneRunMs: number }> {
  // A point from the middle of the grid, at full length.
  const probe = await timed(() =>
    inThisThread({ path: SCENARIO_PATH, overrides: { set: ['batcher.debounce=50ms', 'batcher.sweep=500ms'] } }, undefined),
  );
  const perRunTargetMs = TARGET_SEQUENTIAL_MS / points;
  if (probe.wallMs <= perRunTargetMs) return { durationMs: fullDurationMs, oneRunMs: probe.wallMs };
  const shortened = Math.max(5_000, Math.round((fullDurationMs * (perRunTargetMs / probe.wallMs)) / 1000) * 1000);
  return { durationMs: Math.min(fullDurationMs, shortened), oneRunMs: probe.wallMs };
}

export async function run(): Promise<void> {
  const base = loadScenarioFile(SCENARIO_PATH);
  const axes = parseGrid(GRID);
  const points = axes.reduce((n, axis) => n * axis.values.length, 1);
  const { durationMs, oneRunMs } = await chooseDurationMs(base.durationMs, points);
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
  console.log(
    `${base.name}: ${points} grid points (${GRID.join(' x ')}), ${formatDurationMs(durationMs)} simulated each` +
      (durationMs < base.durationMs ? ` (shortened from ${formatDurationMs(base.durationMs)}: one full run took ${formatDurationMs(oneRunMs)})` : '') +
      `; ${availableParallelism()} cores; workers run ${workerUrl === undefined ? 'the TypeScript worker through tsx' : 'the compiled dist/ worker'}`,
  );

  const sequential = await timed(() => runTune(plan, info, { workers: 1, runInThisThread: inThisThread }));
  console.log(`sequential, this thread (baseline): ${formatDurationMs(sequential.wallMs)}`);
  const parallel = await timed(() =>
    runTune(plan, info, { workers: WORKERS, runInThisThread: inThisThread, ...(workerUrl === undefined ? {} : { workerUrl }) }),
  );
  console.log(`--workers ${WORKERS}: ${formatDurationMs(parallel.wallMs)}`);

  const ratio = parallel.wallMs / sequential.wallMs;
  console.log(
    `parallel / sequential: ${(ratio * 100).toFixed(1)}% (goal < ${GOAL_RATIO * 100}% on 2 cores: ${ratio < GOAL_RATIO ? 'ok' : 'MISSED'})`,
  );
  const same = isDeepStrictEqual(parallel.value satisfies TuneResult, sequential.value);
  console.log(`results identical between parallel and sequential: ${same ? 'yes' : 'NO'}`);
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) await run();
