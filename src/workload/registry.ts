/**
 * The generators by workload `type`: the one table the engine and the scenario format share. Adding
 * a workload means a generator file, an entry here and its section in the scenario schema.
 */
import type { Change } from '../world/change.js';
import { generateChurn } from './churn.js';
import { generateCleanup } from './cleanup.js';
import type { PhaseGenerator, WorkloadContext } from './generator.js';
import { generateIsolated } from './isolated.js';
import { generatePanning } from './panning.js';
import type { PhaseType, ResolvedPhase } from './phase.js';
import { generateReplay } from './replay.js';
import { generateStorm } from './storm.js';

type Registry = { [K in PhaseType]: PhaseGenerator<Extract<ResolvedPhase, { type: K }>> };

export const WORKLOAD_GENERATORS: Registry = {
  isolated: generateIsolated,
  panning: generatePanning,
  storm: generateStorm,
  cleanup: generateCleanup,
  churn: generateChurn,
  replay: generateReplay,
};

export const WORKLOAD_TYPES = Object.keys(WORKLOAD_GENERATORS) as PhaseType[];

/** The changes of one phase, lazily, in time order. */
export function generatePhase(phase: ResolvedPhase, context: WorkloadContext): Iterator<Change, void, undefined> {
  // The cast pairs each phase with its own generator; the mapped type above guarantees the match.
  const generator = WORKLOAD_GENERATORS[phase.type] as PhaseGenerator<ResolvedPhase>;
  return generator(phase, context);
}
