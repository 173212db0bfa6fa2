/**
 * Running many variations of one scenario file: each request is the file plus loader overrides, so
 * every run is loaded and validated the same way whichever thread it runs on. With one worker the
 * runs go one after another in this thread, through the function the caller gives (the CLI passes
 * its simulator backend, tests a fake); with more, this thread loads each request just before its
 * turn and worker threads run the resolved scenarios on the real engine. Both give the same
 * summaries for the same requests, apart from wall-clock timing.
 */
import type { RunSummary } from '../metrics/summary.js';
import { loadScenarioFile } from '../scenario/load.js';
import type { ScenarioOverrides } from '../scenario/overrides.js';
import { runInProcess, runOnWorkerThreads } from './worker-pool.js';

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
}

/** The compiled worker when running from dist, the TypeScript one under vitest or tsx. */
export function scenarioWorkerUrl(): URL {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./scenario-worker.${extension}`, import.meta.url);
}

export function runScenarioRequests(
  requests: readonly ScenarioRunRequest[],
  options: RunScenarioRequestsOptions,
): Promise<RunSummary[]> {
  if (options.workers <= 1) {
    return runInProcess(requests, (request) => options.runInThisThread(request, options.signal), options.onRunDone, options.signal);
  }
  return runRequestsOnWorkerThreads(requests, {
    workers: options.workers,
    workerUrl: options.workerUrl ?? scenarioWorkerUrl(),
    ...(options.onRunDone === undefined ? {} : { onRunDone: options.onRunDone }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}

export interface WorkerThreadRunsOptions {
  /** At most this many threads (1 gives one thread, unlike runScenarioRequests). */
  workers: number;
  workerUrl: URL;
  onRunDone?: (requestIndex: number, doneCount: number) => void;
  signal?: AbortSignal;
}

/**
 * The requests on worker threads: each is loaded here just before its turn (a bad one stops the
 * runs with its ScenarioError) and its resolved scenario is posted to the next free worker.
 */
export function runRequestsOnWorkerThreads(requests: readonly ScenarioRunRequest[], options: WorkerThreadRunsOptions): Promise<RunSummary[]> {
  return runOnWorkerThreads<ScenarioRunRequest, RunSummary>(requests, {
    workers: options.workers,
    workerUrl: options.workerUrl,
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
