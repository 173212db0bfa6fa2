/**
 * The exit codes, documented in --help and docs/cli.md. Only src/cli turns outcomes into these.
 */
export const ExitCode = {
  /** Every expectation met and no client diverged. */
  Passed: 0,
  /** An expectation failed or clients diverged. */
  Failed: 1,
  /** An invalid scenario, flag or argument. */
  Usage: 2,
  /** The run itself failed (a bug, or an I/O error writing a report). */
  RunFailed: 3,
  /** Stopped with q or Ctrl-C (128 + SIGINT, as shells report it). */
  Interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODES_HELP = `Exit codes:
  0    every expectation met and no client diverged
  1    an expectation failed or clients diverged
  2    invalid scenario, flag or argument
  3    the run itself failed (set DEBUG=batcher-sim for the stack trace)
  130  interrupted (q or Ctrl-C); partial results are still shown and written`;
