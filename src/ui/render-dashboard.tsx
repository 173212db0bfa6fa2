/**
 * Mounts the dashboard on a terminal stream and hands the CLI a small handle to feed it. This is the
 * only module the CLI imports from src/ui, and only dynamically, so Ink and React load only when a
 * dashboard is actually drawn.
 */
import { render } from 'ink';
import type { RunSnapshot } from '../engine/snapshot.js';
import type { RunSummary } from '../metrics/summary.js';
import { Dashboard } from './dashboard.js';
import { RunFeed } from './run-feed.js';
import type { DashboardRunInfo } from './run-info.js';

export type { DashboardRunInfo } from './run-info.js';

/** A stream Ink can draw on: a TTY, or a fake with the same surface in tests and benchmarks. */
export type TerminalOutput = NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
export type TerminalInput = NodeJS.ReadableStream & { isTTY?: boolean };

export interface DashboardOptions {
  info: DashboardRunInfo;
  /** Where the dashboard is drawn (the CLI uses stderr, keeping stdout for machine output). */
  output: TerminalOutput;
  input: TerminalInput;
  color: boolean;
  /** Called when the person presses q or Ctrl-C. */
  onQuit: () => void;
  /** Repaint cap: 5 frames a second reads as live and keeps the cost to a run within a few percent. */
  maxFps?: number;
}

export interface DashboardHandle {
  publishSnapshot(snapshot: RunSnapshot): void;
  markStopping(): void;
  /** Draws the final summary, then unmounts and gives the terminal back. */
  finish(summary: RunSummary): Promise<void>;
  /** Unmounts without a summary (the run failed). */
  close(): Promise<void>;
}

export const DEFAULT_DASHBOARD_MAX_FPS = 5;

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function startDashboard(options: DashboardOptions): DashboardHandle {
  const feed = new RunFeed();
  const readKeys = options.input.isTTY === true;
  const instance = render(
    <Dashboard info={options.info} feed={feed} onQuit={options.onQuit} color={options.color} readKeys={readKeys} />,
    {
      // Ink types want Node's tty streams; any stream with the same surface works.
      stdout: options.output as NodeJS.WriteStream,
      stdin: options.input as NodeJS.ReadStream,
      exitOnCtrlC: false,
      patchConsole: false,
      maxFps: options.maxFps ?? DEFAULT_DASHBOARD_MAX_FPS,
    },
  );
  let closed = false;
  const unmount = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    // Let React commit the last update before Ink writes its final frame.
    await nextMacrotask();
    instance.unmount();
    await instance.waitUntilExit();
  };
  return {
    publishSnapshot: (snapshot) => feed.publishSnapshot(snapshot),
    markStopping: () => feed.markStopping(),
    finish: async (summary) => {
      feed.finish(summary);
      await unmount();
    },
    close: unmount,
  };
}
