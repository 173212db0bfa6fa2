/**
 * Errors the person at the keyboard can fix: printed as one clear message, exit code 2, never a
 * stack trace. Anything else that reaches main() is our bug and exits 3.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
