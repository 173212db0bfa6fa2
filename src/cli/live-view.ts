/**
 * How a run is shown while it goes on: the Ink dashboard on a terminal, plain progress lines in a
 * log, or nothing with --quiet. All three end by showing the summary; the dashboard draws it
 * itself, the others print the summary table.
 */
import type { RunSnapshot } from '../engine/snapshot.js';
import type { RunSummary } from '../metrics/summary.js';
import type { Painter } from '../report/paint.js';
import { formatSummaryTable } from '../report/table.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { DashboardRunInfo } from '../ui/run-info.js';
import type { CliIo } from './io.js';
import { formatStartLine, PlainProgress } from './plain-progress.js';

export type LiveViewMode = 'dashboard' | 'plain' | 'quiet';

export interface LiveView {
  /** How often the engine should send snapshots (wall ms); undefined: no snapshots needed. */
  readonly snapshotIntervalWallMs: number | undefined;
  onSnapshot(snapshot: RunSnapshot): void;
  markStopping(): void;
  finish(summary: RunSummary): Promise<void>;
  /** Ends the view without a summary (the run failed). */
  close(): Promise<void>;
}

export interface LiveViewOptions {
  mode: LiveViewMode;
  scenario: ResolvedScenario;
  speed: number | undefined;
  io: CliIo;
  color: boolean;
  paint: Painter;
  onQuit: () => void;
}

/**
 * Five snapshots a wall second, matching the dashboard's frame cap: every snapshot costs a React
 * render (about 2 ms) and every frame a layout (about 5 ms), so more would only slow the run.
 */
const DASHBOARD_SNAPSHOT_INTERVAL_WALL_MS = 200;
/** Plain lines come every 10 s; a snapshot a second is plenty to pick the latest from. */
const PLAIN_SNAPSHOT_INTERVAL_WALL_MS = 1000;

export function dashboardRunInfo(scenario: ResolvedScenario, speed: number | undefined): DashboardRunInfo {
  const b = scenario.batcher;
  const settings: Record<string, number | boolean | string | null> = {
    debounceTimeoutMs: b.debounceTimeoutMs,
    sweepIntervalMs: b.sweepIntervalMs,
    maxBatchSize: b.maxBatchSize,
    enableBatching: b.enableBatching,
  };
  // Settings that only one strategy or mode reads would be noise elsewhere.
  if (b.strategy === 'debounce-maxwait') settings['maxWaitMs'] = b.maxWaitMs;
  if (!b.enableBatching) settings['maxConcurrentProcessing'] = b.maxConcurrentProcessing;
  settings['timerMode'] = b.timerMode;
  return {
    name: scenario.name,
    description: scenario.description,
    clock: scenario.clock,
    seed: scenario.seed,
    strategy: b.strategy,
    durationMs: scenario.durationMs,
    settings,
    requestedSpeed: speed ?? null,
  };
}

async function openDashboard(options: LiveViewOptions): Promise<LiveView> {
  // Loaded here and only here, so commands without a dashboard never pay for Ink and React.
  const { startDashboard } = await import('../ui/render-dashboard.js');
  const handle = startDashboard({
    info: dashboardRunInfo(options.scenario, options.speed),
    output: options.io.stderr,
    input: options.io.stdin,
    color: options.color,
    onQuit: options.onQuit,
  });
  return {
    snapshotIntervalWallMs: DASHBOARD_SNAPSHOT_INTERVAL_WALL_MS,
    onSnapshot: (snapshot) => handle.publishSnapshot(snapshot),
    markStopping: () => handle.markStopping(),
    finish: (summary) => handle.finish(summary),
    close: () => handle.close(),
  };
}

function openPlain(options: LiveViewOptions): LiveView {
  const { io, paint, scenario } = options;
  const writeLine = (line: string): void => {
    io.stderr.write(`${line}\n`);
  };
  const quiet = options.mode === 'quiet';
  if (!quiet) writeLine(formatStartLine(scenario, options.speed, paint));
  const progress = quiet ? null : new PlainProgress(scenario.name, writeLine, () => io.nowMs());
  return {
    snapshotIntervalWallMs: quiet ? undefined : PLAIN_SNAPSHOT_INTERVAL_WALL_MS,
    onSnapshot: (snapshot) => progress?.onSnapshot(snapshot),
    markStopping: () => {
      if (!quiet) writeLine(paint.warn('stopping: finishing with partial results (Ctrl-C again to quit at once)'));
    },
    finish: async (summary) => {
      io.stderr.write(`\n${formatSummaryTable(summary, { color: paint.enabled })}`);
    },
    close: async () => {},
  };
}

export async function openLiveView(options: LiveViewOptions): Promise<LiveView> {
  return options.mode === 'dashboard' ? openDashboard(options) : openPlain(options);
}
