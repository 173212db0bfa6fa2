/**
 * What every workload generator is: a pure function from a resolved phase and a random stream to
 * the world changes it causes, produced lazily in time order (a day of load for 100,000 users is
 * never held in memory at once).
 */
import type { SeededRandom } from '../random/seeded-random.js';
import type { Change } from '../world/change.js';
import type { WorldSettings } from '../world/settings.js';

export interface WorkloadContext {
  /** The world the changes land on: its area, viewport sizes, hotspots, users and events. */
  world: WorldSettings;
  /** This phase's own random stream (the scenario's generator forked by phase name). */
  random: SeededRandom;
}

/** Changes in non-decreasing `atMs`, all within [phase.startMs, phase.endMs). */
export type PhaseGenerator<P> = (phase: P, context: WorkloadContext) => Iterator<Change, void, undefined>;
