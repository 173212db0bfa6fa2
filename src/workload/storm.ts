/**
 * storm: events created, updated, moved and deleted at a high rate. With hotspots the new and moved
 * events land where many viewports are, so every change marks many users dirty; the case the
 * periodic sweeper exists for. With `target: created`, updates, moves and deletes go to events this
 * storm created (so they stay in the hotspots) rather than to any live event.
 */
import type { ResolvedPhaseBase } from '../scenario/resolved.js';
import type { Change, EventRef } from '../world/change.js';
import type { ArrivalShape } from './arrival.js';
import { arrivalTimes } from './arrival.js';
import type { WorkloadContext } from './generator.js';
import { randomPatch } from './isolated.js';
import type { Hotspot } from './world-shapes.js';
import { newEvent, randomLocation } from './world-shapes.js';

export interface StormPhase extends ResolvedPhaseBase {
  type: 'storm';
  arrival: ArrivalShape;
  /** Shares (summing to 1) of creations, updates, moves and deletions. */
  mix: { create: number; update: number; move: number; delete: number };
  /** Where created and moved events land; empty: anywhere in the area. */
  hotspots: readonly Hotspot[];
  /** Which events updates, moves and deletions hit: any live event, or those this storm created. */
  target: 'any' | 'created';
}

/** How many of its own events a storm remembers as targets; older ones are forgotten, not deleted. */
const CREATED_MEMORY = 10_000;

export function* generateStorm(phase: StormPhase, context: WorkloadContext): Generator<Change, void, undefined> {
  const { world } = context;
  const times = arrivalTimes(phase.arrival, phase.startMs, phase.endMs, context.random.fork('arrivals'));
  const random = context.random.fork('changes');
  const created: string[] = [];
  let createdCount = 0;

  const pickTarget = (remove: boolean): EventRef => {
    if (phase.target === 'created' && created.length > 0) {
      const index = random.int(created.length);
      const id = created[index]!;
      if (remove) {
        // Swap-remove: order does not matter, only membership.
        created[index] = created[created.length - 1]!;
        created.pop();
      }
      return { id };
    }
    return { pick: random.float() };
  };

  for (const atMs of times) {
    let draw = random.float();
    if (draw < phase.mix.create) {
      const id = `${phase.name}-event-${createdCount++}`;
      const location = randomLocation(world.area, phase.hotspots, random);
      yield { type: 'event-create', atMs, event: newEvent(id, location, world, random) };
      if (phase.target === 'created') {
        if (created.length < CREATED_MEMORY) created.push(id);
        else created[random.int(CREATED_MEMORY)] = id;
      }
      continue;
    }
    draw -= phase.mix.create;
    if (draw < phase.mix.update) {
      yield { type: 'event-update', atMs, event: pickTarget(false), patch: randomPatch(random) };
      continue;
    }
    draw -= phase.mix.update;
    if (draw < phase.mix.move) {
      const event = pickTarget(false);
      yield { type: 'event-move', atMs, event, location: randomLocation(world.area, phase.hotspots, random) };
      continue;
    }
    yield { type: 'event-delete', atMs, event: pickTarget(true) };
  }
}
