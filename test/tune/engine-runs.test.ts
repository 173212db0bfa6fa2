/**
 * tune and compare on the real engine: worker threads and this thread must give the same results
 * for the same seeds, and shards merged must give the result of one run.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCompare } from '../../src/compare/compare-plan.js';
import { parseStrategyList } from '../../src/compare/variant.js';
import { runScenario } from '../../src/engine/run-scenario.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { parseGrid } from '../../src/tune/grid.js';
import { mergeTuneResults } from '../../src/tune/merge.js';
import { runScenarioRequests, scenarioWorkerUrl, withoutWallClock, type RunInThisThread } from '../../src/tune/scenario-runs.js';
import { planTune, runTune } from '../../src/tune/tune-plan.js';
import type { TuneScenarioInfo } from '../../src/tune/tune-result.js';
import { runOnWorkerThreads, WorkerTaskError } from '../../src/tune/worker-pool.js';
import { ScenarioError } from '../../src/scenario/errors.js';

const path = fileURLToPath(new URL('./fixtures/small-storm.yaml', import.meta.url));
const inThisThread: RunInThisThread = (request) => runScenario(loadScenarioFile(request.path, request.overrides));
const axes = parseGrid(['batcher.debounce=25ms,200ms', 'batcher.sweep=150ms,2s']);
const info: TuneScenarioInfo = { name: 'small-storm', sourcePath: path, baseSeed: 7, durationMs: 4000, strategy: 'hybrid', expectations: 1 };

describe('tune on the engine', () => {
  it('gives identical results on worker threads and in this thread', async () => {
    const plan = planTune({ path, axes, seeds: [7, 8] });
    const sequential = await runTune(plan, info, { workers: 1, runInThisThread: inThisThread });
    const parallel = await runTune(plan, info, { workers: 2, runInThisThread: inThisThread });
    expect(parallel).toEqual(sequential);
    // The grid reached the engine: the settings changed what was measured.
    const processings = sequential.points.map((point) => point.runs[0]?.metrics['processings']);
    expect(new Set(processings).size).toBe(4);
    expect(sequential.points.flatMap((point) => point.runs.map((run) => run.seed))).toEqual([7, 8, 7, 8, 7, 8, 7, 8]);
  });

  it('merges shards into the result of one run', async () => {
    const whole = await runTune(planTune({ path, axes, seeds: [7] }), info, { workers: 1, runInThisThread: inThisThread });
    const shards = await Promise.all(
      [1, 2, 3].map(async (index) => ({
        label: `shard-${index}`,
        result: await runTune(planTune({ path, axes, seeds: [7], shard: { index, count: 3 } }), info, {
          workers: 1,
          runInThisThread: inThisThread,
        }),
      })),
    );
    expect(mergeTuneResults(shards)).toEqual(whole);
  });
});

describe('compare on the engine', () => {
  it('gives the same summaries on worker threads and in this thread, apart from wall time', async () => {
    const variants = parseStrategyList('hybrid,debounce,sweep');
    const sequential = await runCompare(path, {}, variants, { workers: 1, runInThisThread: inThisThread });
    const parallel = await runCompare(path, {}, variants, { workers: 2, runInThisThread: inThisThread });
    expect(parallel.map((run) => [run.name, withoutWallClock(run.summary)])).toEqual(
      sequential.map((run) => [run.name, withoutWallClock(run.summary)]),
    );
    expect(sequential.map((run) => run.summary.scenario.strategy)).toEqual(['hybrid', 'debounce', 'sweep']);
    expect(new Set(sequential.map((run) => run.summary.scenario.seed))).toEqual(new Set([7]));
  });
});

describe('the scenario worker', () => {
  it('refuses an invalid scenario in this thread with its problems, before any worker runs it', async () => {
    const done: number[] = [];
    const run = runScenarioRequests(
      [
        { path, overrides: { set: ['batcher.debounce=50ms'] } },
        { path, overrides: { set: ['batcher.debounce=soon'] } },
      ],
      { workers: 2, runInThisThread: inThisThread, onRunDone: (index) => done.push(index) },
    );
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).format()).toContain('--set batcher.debounce=soon');
    expect(done).toEqual([]);
  });

  it('reports a failure inside a worker as a WorkerTaskError naming the run', async () => {
    // A scenario that the loader accepts but the engine refuses: an object that is not a scenario.
    const run = runOnWorkerThreads<number, unknown>([0], { workers: 1, workerUrl: scenarioWorkerUrl(), prepare: () => ({ not: 'a scenario' }) });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerTaskError);
    expect((error as WorkerTaskError).taskIndex).toBe(0);
  });
});
