/**
 * A bad command-line value for compare, diff, tune or merge: the message names the flag, the value
 * and the form expected, so the command can print it as is and exit 2 without a stack trace.
 */
export class FlagError extends Error {
  override readonly name = 'FlagError';
  constructor(
    readonly flag: string,
    readonly value: string,
    readonly expected: string,
  ) {
    super(`${flag} ${JSON.stringify(value)}: expected ${expected}`);
  }
}
