/**
 * The messages between the worker pool and its workers: the parent sends one task at a time, the
 * worker answers with the result or with the error it threw (name, message, stack: an Error itself
 * does not survive the trip with its class).
 */
import { parentPort } from 'node:worker_threads';

export interface TaskMessage<TPayload> {
  taskIndex: number;
  payload: TPayload;
}

export interface TaskFailure {
  name: string;
  message: string;
  stack: string | null;
  /** A readable form of a user error's detail (e.g. a scenario's list of problems), when it has one. */
  detail: string | null;
}

export type ResultMessage<TResult> =
  | { taskIndex: number; ok: true; result: TResult }
  | { taskIndex: number; ok: false; error: TaskFailure };

export function describeFailure(error: unknown): TaskFailure {
  if (error instanceof Error) {
    const format = (error as { format?: unknown }).format;
    const detail = typeof format === 'function' ? String((format as () => unknown).call(error)) : null;
    return { name: error.name, message: error.message, stack: error.stack ?? null, detail };
  }
  return { name: 'Error', message: String(error), stack: null, detail: null };
}

/** The worker side: answer every task message with the handler's result, one at a time. */
export function serveTasks<TPayload, TResult>(handler: (payload: TPayload) => Promise<TResult> | TResult): void {
  const port = parentPort;
  if (port === null) throw new Error('serveTasks() runs inside a worker thread only');
  port.on('message', (message: TaskMessage<TPayload>) => {
    void (async () => {
      let reply: ResultMessage<TResult>;
      try {
        reply = { taskIndex: message.taskIndex, ok: true, result: await handler(message.payload) };
      } catch (error) {
        reply = { taskIndex: message.taskIndex, ok: false, error: describeFailure(error) };
      }
      port.postMessage(reply);
    })();
  });
}
