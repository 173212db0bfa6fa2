/**
 * cleanup: the maintenance job that clears and reloads the event cache and marks every connected
 * user dirty at once; the real "event storm" of the field notes. It runs at given offsets from the
 * phase start, or at the times of an arrival shape (say once a minute).
 */
import type { ResolvedPhaseBase } from '../scenario/resolved.js';
import type { Change } from '../world/change.js';
import type { ArrivalShape } from './arrival.js';
import { arrivalTimes } from './arrival.js';
import type { WorkloadContext } from './generator.js';

export interface CleanupPhase extends ResolvedPhaseBase {
  type: 'cleanup';
  /** Absolute times (ms) of the runs, sorted, within the phase. Used when `arrival` is null. */
  atMs: readonly number[];
  arrival: ArrivalShape | null;
}

export function* generateCleanup(phase: CleanupPhase, context: WorkloadContext): Generator<Change, void, undefined> {
  const times =
    phase.arrival === null
      ? phase.atMs
      : arrivalTimes(phase.arrival, phase.startMs, phase.endMs, context.random.fork('arrivals'));
  for (const atMs of times) {
    if (atMs < phase.startMs || atMs >= phase.endMs) continue;
    yield { type: 'cache-reload', atMs };
  }
}
