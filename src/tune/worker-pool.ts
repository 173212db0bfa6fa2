/**
 * Runs independent tasks on worker threads, at most `workers` at a time, handing each worker its
 * next task as soon as it answers, so a slow grid point does not hold the others back. Results come
 * back in task order whatever order they finish in. The first failure stops the pool: the remaining
 * workers are terminated and the promise rejects with a WorkerTaskError naming the task.
 *
 * Two things keep the threads from waiting on this one: they are started when the pool is made,
 * before its run (tune makes it before loading the scenario, so they boot meanwhile), and the next
 * task's message is prepared while they run, so a thread that answers gets its next task at once.
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

export interface WorkerPoolOptions {
  /** How many threads to start. */
  workers: number;
  /** The worker module; it must call serveTasks(). */
  workerUrl: URL;
}

export interface PoolRunOptions<TPayload = unknown> {
  /**
   * Turns a payload into what is posted to the worker (the payload itself without it). The next
   * payload is prepared while the threads run, so a free thread gets its task at once. A throw stops
   * the pool and rejects with that error, as a task failure would; no task after it is posted.
   */
  prepare?: (payload: TPayload) => unknown;
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

/**
 * Threads that start booting (a new V8 isolate, then the worker module) as soon as the pool is made,
 * so the caller can start the pool first and load its scenarios meanwhile. One run, then the
 * threads are gone: `run` terminates them when it settles, `close` when the caller will not run.
 */
export class WorkerPool<TPayload, TResult> {
  private readonly workers: Worker[];
  /** A thread's error or early exit: stops the run in progress, or the next one at its start. */
  private failure: Error | null = null;
  private onFailure: ((error: Error) => void) | null = null;
  private started = false;
  private closing: Promise<void> | null = null;
  /** Threads terminated on purpose: the run had fewer tasks than threads. */
  private readonly retired = new Set<Worker>();

  constructor(options: WorkerPoolOptions) {
    const count = Math.max(1, Math.floor(options.workers));
    this.workers = Array.from({ length: count }, () => startWorker(options.workerUrl));
    for (const worker of this.workers) {
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (this.closing === null && !this.retired.has(worker)) this.fail(new Error(`a worker thread exited (code ${code}) before the run finished`));
      });
    }
  }

  get size(): number {
    return this.workers.length;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.onFailure?.(error);
  }

  /** Terminates every thread; the same promise however often it is called. */
  close(): Promise<void> {
    this.closing ??= Promise.allSettled(this.workers.map((worker) => worker.terminate())).then(() => undefined);
    return this.closing;
  }

  /**
   * Runs every payload, each thread taking the next task as soon as it answers, so a slow task does
   * not hold the others back. Results come back in task order whatever order they finish in. The
   * first failure stops the pool: the threads are terminated and the promise rejects with a
   * WorkerTaskError naming the task. Threads beyond the number of tasks are terminated unused.
   */
  run(payloads: readonly TPayload[], options: PoolRunOptions<TPayload> = {}): Promise<TResult[]> {
    if (this.started) return Promise.reject(new Error('a worker pool runs once'));
    this.started = true;
    const total = payloads.length;
    const settle = (outcome: { results: TResult[] } | { error: Error }): Promise<TResult[]> =>
      // Terminate before settling the caller, so no thread outlives the run it belonged to.
      this.close().then(() => {
        if ('error' in outcome) throw outcome.error;
        return outcome.results;
      });
    if (this.closing !== null) return Promise.reject(new Error('the worker pool was closed before its run'));
    if (options.signal?.aborted === true) return settle({ error: new RunAbortedError() });
    if (this.failure !== null) return settle({ error: this.failure });
    if (total === 0) return settle({ results: [] });

    const busy = this.workers.slice(0, total);
    for (const idle of this.workers.slice(total)) {
      this.retired.add(idle);
      void idle.terminate();
    }
    const results = new Array<TResult>(total);
    let nextTask = 0;
    let doneCount = 0;
    let settled = false;
    /** The next task's message, made while the threads run. */
    let ready: TaskMessage<unknown> | null = null;

    return new Promise<TResult[]>((resolve, reject) => {
      const finish = (outcome: { results: TResult[] } | { error: Error }): void => {
        if (settled) return;
        settled = true;
        this.onFailure = null;
        options.signal?.removeEventListener('abort', onAbort);
        settle(outcome).then(resolve, reject);
      };
      const onAbort = (): void => finish({ error: new RunAbortedError() });
      this.onFailure = (error) => finish({ error });

      /** The next task's message, or null when there is none or it could not be prepared (the run then stops). */
      const prepareNext = (): TaskMessage<unknown> | null => {
        if (nextTask >= total) return null;
        const taskIndex = nextTask++;
        const payload = payloads[taskIndex] as TPayload;
        try {
          return { taskIndex, payload: options.prepare === undefined ? payload : options.prepare(payload) };
        } catch (error) {
          finish({ error: error instanceof Error ? error : new Error(String(error)) });
          return null;
        }
      };
      const dispatch = (worker: Worker): void => {
        if (settled) return;
        const message = ready ?? prepareNext();
        ready = null;
        if (message !== null && !settled) worker.postMessage(message);
      };

      options.signal?.addEventListener('abort', onAbort, { once: true });
      for (const worker of busy) {
        worker.on('message', (message: ResultMessage<TResult>) => {
          if (settled) return;
          if (!message.ok) {
            finish({ error: new WorkerTaskError(message.taskIndex, message.error) });
            return;
          }
          results[message.taskIndex] = message.result;
          doneCount++;
          options.onTaskDone?.(message.taskIndex, doneCount);
          if (doneCount === total) {
            finish({ results });
            return;
          }
          dispatch(worker);
          if (ready === null && !settled) ready = prepareNext();
        });
      }
      for (const worker of busy) dispatch(worker);
      if (!settled) ready = prepareNext();
    });
  }
}

/** A pool for these payloads, started and run at once. */
export function runOnWorkerThreads<TPayload, TResult>(
  payloads: readonly TPayload[],
  options: WorkerPoolOptions & PoolRunOptions<TPayload>,
): Promise<TResult[]> {
  if (options.signal?.aborted === true) return Promise.reject(new RunAbortedError());
  if (payloads.length === 0) return Promise.resolve([]);
  const pool = new WorkerPool<TPayload, TResult>({ workers: Math.min(options.workers, payloads.length), workerUrl: options.workerUrl });
  return pool.run(payloads, options);
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
