/**
 * Running many variations of one scenario file: each request is the file plus loader overrides, so
 * every run is loaded and validated the same way whichever thread it runs on. With one worker the
 * runs go one after another in this thread, through the function the caller gives (the CLI passes
 * its simulator backend, tests a fake); with more, this thread loads each request shortly before its
 * turn and worker threads run the resolved scenarios on the real engine. Both give the same
 * summaries for the same requests, apart from wall-clock timing.
 */
import type { RunSummary } from '../metrics/summary.js';
import { loadScenarioFile } from '../scenario/load.js';
import type { ScenarioOverrides } from '../scenario/overrides.js';
import { runInProcess, WorkerPool } from './worker-pool.js';

export interface ScenarioRunRequest {
  /** The scenario file, absolute or relative to the working directory. */
  path: string;
  overrides: ScenarioOverrides;
}

export type RunInThisThread = (request: ScenarioRunRequest, signal: AbortSignal | undefined) => Promise<RunSummary>;

export interface RunScenarioRequestsOptions {
  /** 1 (or less): in this thread, one after another. More: that many worker threads at most. */
  workers: number;
  runInThisThread: RunInThisThread;
  onRunDone?: (requestIndex: number, doneCount: number) => void;
  signal?: AbortSignal;
  /** The worker module; the scenario worker beside this file by default. */
  workerUrl?: URL;
  /**
   * Threads started earlier with startScenarioWorkers (so they boot while the caller loads), used
   * when `workers` is above 1 instead of starting new ones; the run terminates them.
   */
  pool?: ScenarioWorkerPool;
}

export type ScenarioWorkerPool = WorkerPool<ScenarioRunRequest, RunSummary>;

/** Worker threads for scenario requests, booting from now on; run them with runScenarioRequests. */
export function startScenarioWorkers(workers: number, workerUrl: URL = scenarioWorkerUrl()): ScenarioWorkerPool {
  return new WorkerPool<ScenarioRunRequest, RunSummary>({ workers, workerUrl });
}

/** The compiled worker when running from dist, the TypeScript one under vitest or tsx. */
export function scenarioWorkerUrl(): URL {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./scenario-worker.${extension}`, import.meta.url);
}

/**
 * With more than one worker, each request is loaded here shortly before its turn (the next one while
 * the threads run; a bad one stops the runs with its ScenarioError) and its resolved scenario is
 * posted to the next free worker.
 */
export function runScenarioRequests(
  requests: readonly ScenarioRunRequest[],
  options: RunScenarioRequestsOptions,
): Promise<RunSummary[]> {
  if (options.workers <= 1 || requests.length === 0) {
    void options.pool?.close();
    return runInProcess(requests, (request) => options.runInThisThread(request, options.signal), options.onRunDone, options.signal);
  }
  const pool = options.pool ?? startScenarioWorkers(Math.min(options.workers, requests.length), options.workerUrl);
  return pool.run(requests, {
    prepare: (request) => loadScenarioFile(request.path, request.overrides),
    ...(options.onRunDone === undefined ? {} : { onTaskDone: options.onRunDone }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}

/** The same summary apart from the wall-clock figures, which differ between any two runs. */
export function withoutWallClock(summary: RunSummary): Omit<RunSummary, 'run'> {
  const { run: _run, ...rest } = summary;
  return rest;
}
