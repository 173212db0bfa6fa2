/**
 * The scenario's phases merged into one stream of changes in time order (ties: the phase listed
 * first), lazily: each phase's generator is asked for its next change only when the previous one
 * has been taken.
 */
import type { SeededRandom } from '../random/seeded-random.js';
import type { ResolvedPhase } from '../workload/phase.js';
import { generatePhase } from '../workload/registry.js';
import { TimeHeap } from '../workload/time-heap.js';
import type { Change } from '../world/change.js';
import type { WorldSettings } from '../world/settings.js';

interface PhaseStream {
  next: () => IteratorResult<Change, void>;
  pending: Change;
}

export class MergedWorkload {
  private readonly heap = new TimeHeap<PhaseStream>();

  constructor(phases: readonly ResolvedPhase[], world: WorldSettings, random: SeededRandom) {
    for (const phase of phases) {
      // One stream per phase, labelled by its unique name: adding a phase shifts no other phase's draws.
      const iterator = generatePhase(phase, { world, random: random.fork(`phase:${phase.name}`) });
      const first = iterator.next();
      if (first.done === true) continue;
      this.heap.push(first.value.atMs, { next: () => iterator.next(), pending: first.value });
    }
  }

  /** When the next change happens, or undefined when every phase is done. */
  peekTime(): number | undefined {
    return this.heap.peekTime();
  }

  /** Takes the next change. */
  take(): Change | undefined {
    const stream = this.heap.pop();
    if (stream === undefined) return undefined;
    const change = stream.pending;
    const following = stream.next();
    if (following.done !== true) {
      stream.pending = following.value;
      this.heap.push(following.value.atMs, stream);
    }
    return change;
  }
}
