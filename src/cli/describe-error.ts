/**
 * How an unexpected error is shown: one line by default, because a user cannot act on a stack
 * trace; the whole stack with DEBUG=batcher-sim (or DEBUG=*) for whoever files the bug.
 */
export function wantsStackTraces(env: Readonly<Record<string, string | undefined>>): boolean {
  const debug = env['DEBUG'] ?? '';
  return debug.split(/[\s,]+/).some((part) => part === '*' || part === 'batcher-sim' || part === 'batcher-sim:*');
}

export function describeUnexpectedError(error: unknown, env: Readonly<Record<string, string | undefined>>): string {
  if (wantsStackTraces(env) && error instanceof Error && error.stack !== undefined) return error.stack;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const firstLine = message.split('\n')[0] ?? message;
  return `${firstLine} (set DEBUG=batcher-sim for the stack trace)`;
}
