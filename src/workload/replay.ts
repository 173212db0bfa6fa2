/**
 * replay: plays back a JSON Lines trace of timestamped changes (see docs/scenario-format.md for the
 * format), so a team can run its own production traffic through the batcher. The trace is read and
 * checked in full when the scenario loads: a bad line stops the run before it starts, never halfway.
 */
import type { ResolvedPhaseBase } from '../scenario/resolved.js';
import type { Change } from '../world/change.js';
import type { WorkloadContext } from './generator.js';

export interface ReplayPhase extends ResolvedPhaseBase {
  type: 'replay';
  /** Where the trace came from (for messages). */
  tracePath: string;
  /** The trace's changes in time order, `atMs` counted from the trace's first line. */
  changes: readonly Change[];
  /** Multiplies trace time: 0.5 plays twice as fast. */
  timeScale: number;
}

export function* generateReplay(phase: ReplayPhase, _context: WorkloadContext): Generator<Change, void, undefined> {
  for (const change of phase.changes) {
    const atMs = phase.startMs + change.atMs * phase.timeScale;
    if (atMs >= phase.endMs) return;
    yield { ...change, atMs };
  }
}
