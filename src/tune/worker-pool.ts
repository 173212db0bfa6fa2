/**
 * Runs independent tasks on worker threads, at most `workers` at a time, handing each worker its
 * next task as soon as it answers, so a slow grid point does not hold the others back. Results come
 * back in task order whatever order they finish in. The first failure stops the pool: the remaining
 * workers are terminated and the promise rejects with a WorkerTaskError naming the task.
 *
 * A worker module written in TypeScript (under vitest or tsx) needs tsx inside the thread. Node 20
 * ignores loader hooks given to a worker as `execArgv: ['--import', 'tsx']` for the worker's own
 * entry (nodejs/node#47747, fixed in 22), so such a worker starts from a two-line bootstrap that
 * registers tsx's ESM hooks and then imports the module. The installed CLI runs the compiled .js
 * and starts it directly.
 */
import { Worker } from 'node:worker_threads';
import type { ResultMessage, TaskFailure, TaskMessage } from './worker-protocol.js';

export class WorkerTaskError extends Error {
  override readonly name = 'WorkerTaskError';
  constructor(
    readonly taskIndex: number,
    readonly failure: TaskFailure,
  ) {
    super(failure.message);
    // Keep the worker's stack: a failure there is our bug or the user's input, and either needs it.
    if (failure.stack !== null) this.stack = `WorkerTaskError (task ${taskIndex}): ${failure.stack}`;
  }
}

/** The run was stopped from outside (Ctrl-C) before every task finished. */
export class RunAbortedError extends Error {
  override readonly name = 'RunAbortedError';
  constructor() {
    super('stopped before every run finished');
  }
}

export interface WorkerPoolOptions<TPayload = unknown> {
  /** At most this many threads; fewer when there are fewer tasks. */
  workers: number;
  /**
   * Turns a payload into what is posted to the worker, just before its task starts (the payload
   * itself without it). A throw stops the pool and rejects with that error, as a task failure would.
   */
  prepare?: (payload: TPayload) => unknown;
  /** The worker module; it must call serveTasks(). */
  workerUrl: URL;
  /** Called as each task finishes, with how many are done. */
  onTaskDone?: (taskIndex: number, doneCount: number) => void;
  /** Aborting terminates every worker and rejects with RunAbortedError. */
  signal?: AbortSignal;
}

export function needsTypeScriptLoader(workerUrl: URL): boolean {
  return workerUrl.pathname.endsWith('.ts');
}

/** The source a TypeScript worker starts from: register tsx in the thread, then load the module. */
export function typeScriptBootstrap(workerUrl: URL, tsxApiUrl: string): string {
  return (
    `import(${JSON.stringify(tsxApiUrl)})` +
    `.then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}); });`
  );
}

/**
 * A simulation allocates fast and keeps much of it for a while (events, pending changes, messages in
 * flight), so with V8's default young generation (16 MB semi-spaces) each scavenge copies many
 * survivors. Twice the room lets more of them die first: a storm run on a worker spends about half
 * the time collecting (60 to 69 ms a run down to 32 to 36 ms), for about 10 MB more memory.
 */
const WORKER_YOUNG_GENERATION_MB = 96;

function startWorker(workerUrl: URL): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
  if (!needsTypeScriptLoader(workerUrl)) return new Worker(workerUrl, { resourceLimits });
  // tsx is a devDependency: only tests and benchmarks start .ts workers, and they have it.
  return new Worker(typeScriptBootstrap(workerUrl, import.meta.resolve('tsx/esm/api')), { eval: true, resourceLimits });
}

export function runOnWorkerThreads<TPayload, TResult>(
  payloads: readonly TPayload[],
  options: WorkerPoolOptions<TPayload>,
): Promise<TResult[]> {
  const total = payloads.length;
  if (options.signal?.aborted === true) return Promise.reject(new RunAbortedError());
  if (total === 0) return Promise.resolve([]);
  const threadCount = Math.max(1, Math.min(Math.floor(options.workers), total));
  const results = new Array<TResult>(total);
  const workers: Worker[] = [];
  let nextTask = 0;
  let doneCount = 0;
  let settled = false;

  return new Promise<TResult[]>((resolve, reject) => {
    const onAbort = (): void => finish(new RunAbortedError());
    const finish = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      // Terminate before settling the caller, so no thread outlives the run it belonged to.
      void Promise.allSettled(workers.map((worker) => worker.terminate())).then(() => {
        if (error === null) resolve(results);
        else reject(error);
      });
    };

    const dispatch = (worker: Worker): void => {
      if (nextTask >= total) return;
      const taskIndex = nextTask++;
      const payload = payloads[taskIndex] as TPayload;
      let message: TaskMessage<unknown>;
      try {
        message = { taskIndex, payload: options.prepare === undefined ? payload : options.prepare(payload) };
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      worker.postMessage(message);
    };

    options.signal?.addEventListener('abort', onAbort, { once: true });
    for (let i = 0; i < threadCount; i++) {
      // A task that could not be prepared has already stopped the pool: start no more threads.
      if (settled) break;
      const worker = startWorker(options.workerUrl);
      workers.push(worker);
      worker.on('message', (message: ResultMessage<TResult>) => {
        if (settled) return;
        if (!message.ok) {
          finish(new WorkerTaskError(message.taskIndex, message.error));
          return;
        }
        results[message.taskIndex] = message.result;
        doneCount++;
        options.onTaskDone?.(message.taskIndex, doneCount);
        if (doneCount === total) finish(null);
        else dispatch(worker);
      });
      worker.on('error', (error) => finish(error));
      worker.on('exit', (code) => {
        if (!settled) finish(new Error(`a worker thread exited (code ${code}) before the run finished`));
      });
      dispatch(worker);
    }
  });
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** The same contract without threads: one task after another in this thread (the `--workers 1` baseline). */
export async function runInProcess<TPayload, TResult>(
  payloads: readonly TPayload[],
  handler: (payload: TPayload) => Promise<TResult> | TResult,
  onTaskDone?: (taskIndex: number, doneCount: number) => void,
  signal?: AbortSignal,
): Promise<TResult[]> {
  const results: TResult[] = [];
  for (const [taskIndex, payload] of payloads.entries()) {
    if (isAborted(signal)) throw new RunAbortedError();
    const result = await handler(payload);
    // A handler that honours the signal returns a partial result; it is not one to keep.
    if (isAborted(signal)) throw new RunAbortedError();
    results.push(result);
    onTaskDone?.(taskIndex, taskIndex + 1);
  }
  return results;
}
