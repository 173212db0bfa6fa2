/**
 * churn: users connect and disconnect. Each arrival is a disconnect (of a user this phase believes
 * connected) or a connect: either a user this phase disconnected coming back, or a new user shaped
 * like the world's population. A disconnect must leave nothing behind in the batcher; a connect
 * brings an `initial_request`.
 *
 * The phase tracks only its own view of who is connected; a user another phase disconnected may be
 * disconnected again here, which the world ignores.
 */
import type { ResolvedPhaseBase } from '../scenario/resolved.js';
import type { Change } from '../world/change.js';
import type { ArrivalShape } from './arrival.js';
import { arrivalTimes } from './arrival.js';
import type { WorkloadContext } from './generator.js';
import { initialUserId } from '../world/population.js';
import { randomFilters, randomViewport } from './world-shapes.js';

export interface ChurnPhase extends ResolvedPhaseBase {
  type: 'churn';
  arrival: ArrivalShape;
  /** Probability (0..1) that an arrival is a disconnect rather than a connect. */
  disconnectShare: number;
  /** Probability (0..1) that a connect brings back a user this phase disconnected, when there is one. */
  reconnectShare: number;
}

export function* generateChurn(phase: ChurnPhase, context: WorkloadContext): Generator<Change, void, undefined> {
  const { world } = context;
  const times = arrivalTimes(phase.arrival, phase.startMs, phase.endMs, context.random.fork('arrivals'));
  const random = context.random.fork('changes');
  // Built on first use: a phase that only connects never lists the initial population.
  let connected: string[] | null = null;
  const disconnected: string[] = [];
  let newUsers = 0;

  const takeRandom = (list: string[]): string => {
    const index = random.int(list.length);
    const id = list[index]!;
    list[index] = list[list.length - 1]!;
    list.pop();
    return id;
  };

  for (const atMs of times) {
    connected ??= Array.from({ length: world.users.count }, (_, index) => initialUserId(index));
    if (random.chance(phase.disconnectShare) && connected.length > 0) {
      const userId = takeRandom(connected);
      disconnected.push(userId);
      yield { type: 'disconnect', atMs, userId };
      continue;
    }
    const userId =
      disconnected.length > 0 && random.chance(phase.reconnectShare)
        ? takeRandom(disconnected)
        : `${phase.name}-user-${newUsers++}`;
    connected.push(userId);
    const viewport = random.chance(world.users.withoutViewportShare) ? null : randomViewport(world, random);
    const filters = random.chance(world.users.filteredShare) ? randomFilters(world, random) : [];
    yield { type: 'connect', atMs, userId, viewport, filters };
  }
}
