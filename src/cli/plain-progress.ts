/**
 * Progress for logs (CI, pipes, --no-dashboard): a start line, then at most one line per interval
 * of wall time, each complete on its own so a log viewer that shows only the tail still makes sense.
 */
import type { RunSnapshot } from '../engine/snapshot.js';
import {
  formatDurationMs,
  formatInteger,
  formatPercent,
  formatPerSecond,
  formatSpeed,
} from '../report/format.js';
import type { Painter } from '../report/paint.js';
import type { ResolvedScenario } from '../scenario/resolved.js';

export const PROGRESS_LINE_INTERVAL_WALL_MS = 10_000;

export function formatStartLine(scenario: ResolvedScenario, speed: number | undefined, paint: Painter): string {
  const pace = speed === undefined ? 'as fast as possible' : `at ${formatSpeed(speed)} real time`;
  return (
    `${paint.bold('batcher-sim')}: running ${paint.bold(scenario.name)} ` +
    `(${formatDurationMs(scenario.durationMs)} simulated, ${scenario.clock} clock, seed ${scenario.seed}, ` +
    `strategy ${scenario.batcher.strategy}, ${pace})`
  );
}

export function formatProgressLine(name: string, snapshot: RunSnapshot): string {
  const fraction = snapshot.durationMs > 0 ? snapshot.simulatedMs / snapshot.durationMs : 0;
  const remainingWallMs =
    snapshot.speed > 0 ? Math.max(0, snapshot.durationMs - snapshot.simulatedMs) / snapshot.speed : Number.NaN;
  const phases = snapshot.activePhases.length === 0 ? '-' : snapshot.activePhases.join(',');
  return (
    `  ${name} ${formatPercent(Math.min(1, fraction))} ` +
    `${formatDurationMs(snapshot.simulatedMs)}/${formatDurationMs(snapshot.durationMs)} ` +
    `speed ${formatSpeed(snapshot.speed)} phase ${phases} ` +
    `marks/s ${formatPerSecond(snapshot.marksPerSecond)} processings/s ${formatPerSecond(snapshot.processingsPerSecond)} ` +
    `dirty ${formatInteger(snapshot.dirtyUsers)} errors ${formatInteger(snapshot.errors)} ` +
    `p99 ${formatDurationMs(snapshot.latency.overall.p99Ms)} ETA ${formatDurationMs(remainingWallMs)}`
  );
}

export class PlainProgress {
  private lastLineAtMs: number;

  constructor(
    private readonly name: string,
    private readonly write: (line: string) => void,
    private readonly nowMs: () => number,
    private readonly intervalWallMs = PROGRESS_LINE_INTERVAL_WALL_MS,
  ) {
    this.lastLineAtMs = nowMs();
  }

  /** Prints a line when the interval has passed since the start or the last line. */
  onSnapshot(snapshot: RunSnapshot): void {
    const now = this.nowMs();
    if (now - this.lastLineAtMs < this.intervalWallMs) return;
    this.lastLineAtMs = now;
    this.write(formatProgressLine(this.name, snapshot));
  }
}
