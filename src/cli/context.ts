/** What every command's registration receives, and where its action leaves the exit code. */
import type { CliIo } from './io.js';

export interface CliContext {
  io: CliIo;
  version: string;
  /** Set by the command that ran; main() returns it. */
  exitCode: number;
}
