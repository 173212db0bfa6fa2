import { describe, expect, it } from 'vitest';
import {
  needsTypeScriptLoader,
  RunAbortedError,
  runInProcess,
  runOnWorkerThreads,
  typeScriptBootstrap,
  WorkerPool,
  WorkerTaskError,
} from '../../src/tune/worker-pool.js';

const squareWorker = new URL('./fixtures/square-worker.ts', import.meta.url);
type Squared = { square: number; threadId: number; youngGenerationMb: number | undefined };

describe('runOnWorkerThreads', () => {
  it('returns results in task order although they finish out of order, using every thread', async () => {
    const inputs = Array.from({ length: 12 }, (_, i) => i);
    const finished: number[] = [];
    const results = await runOnWorkerThreads<number, Squared>(inputs, {
      workers: 2,
      workerUrl: squareWorker,
      onTaskDone: (taskIndex, doneCount) => {
        finished.push(taskIndex);
        expect(doneCount).toBe(finished.length);
      },
    });
    expect(results.map((r) => r.square)).toEqual(inputs.map((i) => i * i));
    expect(new Set(results.map((r) => r.threadId)).size).toBe(2);
    expect([...finished].sort((a, b) => a - b)).toEqual(inputs);
    // The slow task 0 lets the other thread overtake it.
    expect(finished[0]).not.toBe(0);
  });

  it('gives each thread a 96 MB young generation, twice V8\'s default, for the simulations\' survivors', async () => {
    const results = await runOnWorkerThreads<number, Squared>([1, 2], { workers: 2, workerUrl: squareWorker });
    expect(results.map((r) => r.youngGenerationMb)).toEqual([96, 96]);
  });

  it('starts no more threads than there are tasks', async () => {
    const results = await runOnWorkerThreads<number, Squared>([2, 4], { workers: 8, workerUrl: squareWorker });
    expect(results.map((r) => r.square)).toEqual([4, 16]);
    expect(new Set(results.map((r) => r.threadId)).size).toBe(2);
  });

  it('resolves at once with no tasks', async () => {
    await expect(runOnWorkerThreads<number, Squared>([], { workers: 2, workerUrl: squareWorker })).resolves.toEqual([]);
  });

  it("rejects with the failing task's index and the worker's error", async () => {
    const run = runOnWorkerThreads<number, Squared>([1, 2, -3, 4, 5], { workers: 2, workerUrl: squareWorker });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerTaskError);
    const failure = error as WorkerTaskError;
    expect(failure.taskIndex).toBe(2);
    expect(failure.failure.name).toBe('RangeError');
    expect(failure.message).toBe('cannot square -3 here');
    expect(failure.stack).toContain('square-worker');
  });

  it('posts what prepare makes of each payload, just before its task', async () => {
    const prepared: number[] = [];
    const results = await runOnWorkerThreads<number, Squared>([1, 2, 3], {
      workers: 2,
      workerUrl: squareWorker,
      prepare: (value) => {
        prepared.push(value);
        return value + 10;
      },
    });
    expect(results.map((r) => r.square)).toEqual([121, 144, 169]);
    expect(prepared).toEqual([1, 2, 3]);
  });

  it('prepares the next payload while the threads run, so a free thread gets it at once', async () => {
    const events: string[] = [];
    await runOnWorkerThreads<number, Squared>([0, 1, 2], {
      workers: 1,
      workerUrl: squareWorker,
      prepare: (value) => {
        events.push(`prepare ${value}`);
        return value;
      },
      onTaskDone: (taskIndex) => events.push(`done ${taskIndex}`),
    });
    // Task 0 takes 500 ms; task 1 is ready long before it ends, task 2 before task 1 ends.
    expect(events).toEqual(['prepare 0', 'prepare 1', 'done 0', 'prepare 2', 'done 1', 'done 2']);
  });

  it('stops at the first payload that cannot be prepared, with its error, and prepares nothing after it', async () => {
    const prepared: number[] = [];
    const run = runOnWorkerThreads<number, Squared>([1, 2, 3, 4], {
      workers: 2,
      workerUrl: squareWorker,
      prepare: (value) => {
        prepared.push(value);
        if (value === 1) throw new TypeError(`cannot prepare ${value}`);
        return value;
      },
    });
    await expect(run).rejects.toThrow('cannot prepare 1');
    expect(prepared).toEqual([1]);
  });

  it('rejects when a worker thread dies instead of answering', async () => {
    await expect(
      runOnWorkerThreads<number | 'exit', Squared>([1, 'exit', 3], { workers: 1, workerUrl: squareWorker }),
    ).rejects.toThrow(/exited \(code 7\)/);
  });
});

describe('a pool started before its run', () => {
  it('runs the tasks it is given later on the threads it started', async () => {
    const pool = new WorkerPool<number, Squared>({ workers: 2, workerUrl: squareWorker });
    expect(pool.size).toBe(2);
    const results = await pool.run([3, 4, 5]);
    expect(results.map((r) => r.square)).toEqual([9, 16, 25]);
    expect(new Set(results.map((r) => r.threadId)).size).toBe(2);
  });

  it('uses only as many of its threads as there are tasks', async () => {
    const pool = new WorkerPool<number, Squared>({ workers: 3, workerUrl: squareWorker });
    const results = await pool.run([6]);
    expect(results.map((r) => r.square)).toEqual([36]);
  });

  it('runs once, and not after it was closed', async () => {
    const used = new WorkerPool<number, Squared>({ workers: 1, workerUrl: squareWorker });
    await used.run([1]);
    await expect(used.run([2])).rejects.toThrow('a worker pool runs once');
    const closed = new WorkerPool<number, Squared>({ workers: 1, workerUrl: squareWorker });
    await closed.close();
    await expect(closed.run([2])).rejects.toThrow('closed before its run');
  });

  it('reports a thread that failed to start at the run', async () => {
    const broken = new URL('./fixtures/missing-worker.js', import.meta.url);
    const pool = new WorkerPool<number, Squared>({ workers: 1, workerUrl: broken });
    await expect(pool.run([1])).rejects.toThrow(/missing-worker/);
  });
});

describe('stopping a run', () => {
  it('terminates the workers and rejects when aborted', async () => {
    const controller = new AbortController();
    const run = runOnWorkerThreads<number, Squared>([0, 1, 2, 3], {
      workers: 2,
      workerUrl: squareWorker,
      signal: controller.signal,
      // Task 0 takes 500 ms; the first quick answer stops the run before it ends.
      onTaskDone: () => controller.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(RunAbortedError);
  });

  it('does not start when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(runOnWorkerThreads<number, Squared>([1], { workers: 2, workerUrl: squareWorker, signal: controller.signal })).rejects.toBeInstanceOf(RunAbortedError);
    let calls = 0;
    await expect(runInProcess([1, 2], () => ++calls, undefined, controller.signal)).rejects.toBeInstanceOf(RunAbortedError);
    expect(calls).toBe(0);
  });

  it('drops the partial result of an in-process run that was stopped', async () => {
    const controller = new AbortController();
    const done: number[] = [];
    const run = runInProcess(
      [1, 2, 3],
      (value) => {
        if (value === 2) controller.abort();
        return value;
      },
      (taskIndex) => done.push(taskIndex),
      controller.signal,
    );
    await expect(run).rejects.toBeInstanceOf(RunAbortedError);
    expect(done).toEqual([0]);
  });
});

describe('runInProcess', () => {
  it('runs tasks one after another in order and reports each', async () => {
    const order: string[] = [];
    const results = await runInProcess(
      [3, 1, 2],
      async (value) => {
        order.push(`start ${value}`);
        await Promise.resolve();
        order.push(`end ${value}`);
        return value * 10;
      },
      (taskIndex, doneCount) => order.push(`done ${taskIndex}/${doneCount}`),
    );
    expect(results).toEqual([30, 10, 20]);
    expect(order).toEqual(['start 3', 'end 3', 'done 0/1', 'start 1', 'end 1', 'done 1/2', 'start 2', 'end 2', 'done 2/3']);
  });
});

describe('starting TypeScript workers', () => {
  it('loads tsx only for a TypeScript worker module', () => {
    expect(needsTypeScriptLoader(new URL('file:///x/scenario-worker.ts'))).toBe(true);
    expect(needsTypeScriptLoader(new URL('file:///x/scenario-worker.js'))).toBe(false);
  });

  it('registers tsx before importing the module', () => {
    const source = typeScriptBootstrap(new URL('file:///x/a b.ts'), 'file:///nm/tsx/api.mjs');
    expect(source).toBe(
      'import("file:///nm/tsx/api.mjs").then(({ register }) => { register(); return import("file:///x/a%20b.ts"); });',
    );
  });
});
