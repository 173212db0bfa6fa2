/**
 * Everything the CLI touches outside itself, passed in so tests run main() with fake streams, a
 * fake environment and a fake simulator, and so only bin/batcher-sim.js touches `process`.
 */
import type { SimulatorBackend } from './backend.js';

/** An output stream as the CLI uses it: Node's tty.WriteStream, a pipe, a file, or a test double. */
export type CliOutput = NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
export type CliInput = NodeJS.ReadableStream & { isTTY?: boolean };

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  stdin: CliInput;
  env: Readonly<Record<string, string | undefined>>;
  /** Relative scenario and report paths are resolved against this. */
  cwd: string;
  /** Subscribes to Ctrl-C (SIGINT); returns the unsubscribe. */
  onInterrupt(handler: () => void): () => void;
  /**
   * Leaves at once with the code: only for a second Ctrl-C when the run does not wind down, so a
   * person is never stuck. Ink restores the terminal on process exit.
   */
  forceExit(code: number): void;
  /** The simulator (scenario loader and engine); tests pass a fake. Loaded lazily by default. */
  backend: SimulatorBackend;
  /** Wall clock for progress lines and timing of the CLI itself. */
  nowMs(): number;
}
