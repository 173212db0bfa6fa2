/**
 * isolated: sparse, independent changes (a viewport move, a filter change, a single event update),
 * each by a random user or on a random event, at the times an arrival shape gives. The case the
 * debounce timer exists for: each change should reach its client about one debounce later.
 */
import type { ResolvedPhaseBase } from '../scenario/resolved.js';
import type { Change } from '../world/change.js';
import type { EventPatch } from '../world/event.js';
import { EVENT_STATUSES } from '../world/event.js';
import type { ArrivalShape } from './arrival.js';
import { arrivalTimes } from './arrival.js';
import type { WorkloadContext } from './generator.js';
import { initialUserId } from '../world/population.js';
import { randomFilters, randomViewport } from './world-shapes.js';
import type { SeededRandom } from '../random/seeded-random.js';

export interface IsolatedPhase extends ResolvedPhaseBase {
  type: 'isolated';
  /** Arrivals for the whole population (a per-user rate is multiplied out when resolving). */
  arrival: ArrivalShape;
  /** Shares (summing to 1) of viewport moves, filter changes and event updates. */
  mix: { viewport: number; filter: number; event: number };
}

export function* generateIsolated(phase: IsolatedPhase, context: WorkloadContext): Generator<Change, void, undefined> {
  const { world } = context;
  const times = arrivalTimes(phase.arrival, phase.startMs, phase.endMs, context.random.fork('arrivals'));
  const random = context.random.fork('changes');
  const userCount = world.users.count;
  for (const atMs of times) {
    let draw = random.float();
    // With nobody connected, only the events can change.
    if (userCount > 0 && draw < phase.mix.viewport) {
      yield { type: 'viewport', atMs, userId: initialUserId(random.int(userCount)), viewport: randomViewport(world, random) };
      continue;
    }
    draw -= phase.mix.viewport;
    if (userCount > 0 && draw < phase.mix.filter) {
      yield { type: 'filter', atMs, userId: initialUserId(random.int(userCount)), filters: randomFilters(world, random) };
      continue;
    }
    yield { type: 'event-update', atMs, event: { pick: random.float() }, patch: randomPatch(random) };
  }
}

/** A small edit of the kind users make all day: a counter, a status, a title. */
export function randomPatch(random: SeededRandom): EventPatch {
  switch (random.int(4)) {
    case 0:
      return { scanCount: random.int(10_000) };
    case 1:
      return { saveCount: random.int(1_000) };
    case 2:
      return { status: random.pick(EVENT_STATUSES) };
    default:
      return { title: `Edited ${random.int(1_000_000)}` };
  }
}
