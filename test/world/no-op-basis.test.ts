/**
 * A processing whose viewport list has the same box as the selection that last matched what the user
 * was sent, with the same filters, and the same index stamp or nothing changed inside the box since,
 * knows it is a no-op without selecting. It must skip only when nothing that decides the selection
 * changed, and never when something did.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { SeededRandom } from '../../src/random/seeded-random.js';
import type { CachedEvent } from '../../src/world/cached-event.js';
import { resultCapFor, selectForUser } from '../../src/world/result-selection.js';
import { decodeView, packEntry } from '../../src/world/view-state.js';
import { World } from '../../src/world/world.js';
import { testSettings } from './helpers/settings.js';
import { eventAt } from './helpers/world-harness.js';

function makeWorld(seed: number, eventCount: number): World {
  // Cells of 0.5 degrees (half the typical viewport side), so a change can fall outside a viewport's cells.
  const settings = testSettings({ world: { users: { viewportSizeDeg: { min: 1, max: 1 } }, resultCap: { viewport: 12, global: 300 } } });
  const world = new World({ clock: new VirtualClock(), settings, random: new SeededRandom(seed) });
  world.attachBatcher({ markUserAsDirty: () => {}, removeUser: () => {} });
  const random = new SeededRandom(seed);
  for (let i = 0; i < eventCount; i++) {
    const status = random.chance(0.5) ? 'VERIFIED' : 'PENDING';
    world.applyChange({ type: 'event-create', atMs: 0, event: eventAt(random.between(0, 10), random.between(0, 10), { id: `e${i}`, status }) });
  }
  return world;
}

/** Processes a user the way the batcher does, and returns whether a selection was computed. */
async function processUser(world: World, userId: string): Promise<boolean> {
  const select = vi.spyOn(world.filtering as unknown as { select: (...args: unknown[]) => number }, 'select');
  const viewport = world.users.getUserViewport(userId);
  const list = viewport === null ? world.events.getAllEvents() : world.events.getEventsInViewport(viewport);
  await world.filtering.calculateAndSendDiff(userId, list, viewport, world.users.getUserFilters(userId));
  const selected = select.mock.calls.length > 0;
  select.mockRestore();
  return selected;
}

/** What the user must hold: the oracle's selection over the current cache. */
function truthOf(world: World, userId: string): number[] {
  const user = world.users.get(userId)!;
  const list = user.viewport === null ? world.events.getAllEvents() : world.events.getEventsInViewport(user.viewport);
  const scratch: CachedEvent[] = [];
  const n = selectForUser(userId, list, user.viewport, user.compiled.predicate, resultCapFor(user.viewport, world.settings.world.resultCap), scratch);
  return scratch
    .slice(0, n)
    .map((e) => packEntry(e.uid, e.version))
    .sort((a, b) => a - b);
}

describe('no-op processings recognised from their basis', () => {
  it('skips the selection only while box, filters and the events where the box looks are unchanged', async () => {
    const world = makeWorld(3, 400);
    world.applyChange({ type: 'connect', atMs: 0, userId: 'u', viewport: { minX: 4.1, minY: 4.1, maxX: 5.1, maxY: 5.1 }, filters: [] });
    expect(await processUser(world, 'u')).toBe(true);
    expect(await processUser(world, 'u')).toBe(false);
    const noOps = world.getStats().noOpDiffs;

    // A change far away leaves the viewport's cells alone.
    world.applyChange({ type: 'event-create', atMs: 1, event: eventAt(9.9, 9.9, { id: 'far' }) });
    expect(await processUser(world, 'u')).toBe(false);
    expect(world.getStats().noOpDiffs).toBe(noOps + 1);

    // A change in the cells the query reads, but outside the viewport, leaves it alone too.
    const box = { minX: 4.1, minY: 4.1, maxX: 5.1, maxY: 5.1 };
    world.applyChange({ type: 'event-create', atMs: 2, event: eventAt(4.05, 4.6, { id: 'beside' }) });
    expect(world.events.getEventsInViewport({ minX: 4, minY: 4, maxX: 4.09, maxY: 5.2 }).some((e) => e.id === 'beside')).toBe(true);
    expect(await processUser(world, 'u')).toBe(false);

    // An update inside the viewport, even one the selection would not show, is looked at.
    const near = world.events.getEventsInViewport(box)[0]!;
    world.applyChange({ type: 'event-update', atMs: 2, event: { id: near.id }, patch: { scanCount: 7 } });
    expect(await processUser(world, 'u')).toBe(true);
    expect(await processUser(world, 'u')).toBe(false);
    // A move out of the viewport, and one into it, are looked at.
    world.applyChange({ type: 'event-move', atMs: 2, event: { id: near.id }, location: [4.05, 4.05] });
    expect(await processUser(world, 'u')).toBe(true);
    world.applyChange({ type: 'event-move', atMs: 2, event: { id: 'beside' }, location: [4.5, 4.5] });
    expect(await processUser(world, 'u')).toBe(true);
    expect(decodeView(world.users.get('u')!.lastSent!)).toEqual(truthOf(world, 'u'));

    // New filters, a new viewport (even the same box, as a new object): selected again.
    world.applyChange({ type: 'filter', atMs: 3, userId: 'u', filters: [{ statuses: ['VERIFIED'] }] });
    expect(await processUser(world, 'u')).toBe(true);
    expect(await processUser(world, 'u')).toBe(false);
    world.applyChange({ type: 'viewport', atMs: 4, userId: 'u', viewport: { minX: 4.1, minY: 4.1, maxX: 5.1, maxY: 5.1 } });
    expect(await processUser(world, 'u')).toBe(true);
    expect(decodeView(world.users.get('u')!.lastSent!)).toEqual(truthOf(world, 'u'));
  });

  it('always leaves the user sent exactly the truth, whatever changes come between processings', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('update' as const), pick: fc.double({ min: 0, max: 0.999, noNaN: true }), status: fc.constantFrom('VERIFIED' as const, 'PENDING' as const) }),
      fc.record({ kind: fc.constant('move' as const), pick: fc.double({ min: 0, max: 0.999, noNaN: true }), x: fc.double({ min: 0, max: 10, noNaN: true }), y: fc.double({ min: 0, max: 10, noNaN: true }) }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.double({ min: 0, max: 0.999, noNaN: true }) }),
      fc.record({ kind: fc.constant('filter' as const), verifiedOnly: fc.boolean() }),
      fc.record({ kind: fc.constant('pan' as const), x: fc.double({ min: 0, max: 9, noNaN: true }), y: fc.double({ min: 0, max: 9, noNaN: true }) }),
      fc.constant({ kind: 'nothing' as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1000 }), fc.array(op, { maxLength: 30 }), async (seed, ops) => {
        const world = makeWorld(seed, 300);
        world.applyChange({ type: 'connect', atMs: 0, userId: 'u', viewport: { minX: 3, minY: 3, maxX: 4, maxY: 4 }, filters: [] });
        await processUser(world, 'u');
        for (const change of ops) {
          if (change.kind === 'update') world.applyChange({ type: 'event-update', atMs: 0, event: { pick: change.pick }, patch: { status: change.status } });
          if (change.kind === 'move') world.applyChange({ type: 'event-move', atMs: 0, event: { pick: change.pick }, location: [change.x, change.y] });
          if (change.kind === 'delete') world.applyChange({ type: 'event-delete', atMs: 0, event: { pick: change.pick } });
          if (change.kind === 'filter') {
            world.applyChange({ type: 'filter', atMs: 0, userId: 'u', filters: change.verifiedOnly ? [{ statuses: ['VERIFIED'] }] : [] });
          }
          if (change.kind === 'pan') world.applyChange({ type: 'viewport', atMs: 0, userId: 'u', viewport: { minX: change.x, minY: change.y, maxX: change.x + 1, maxY: change.y + 1 } });
          await processUser(world, 'u');
          expect(decodeView(world.users.get('u')!.lastSent!)).toEqual(truthOf(world, 'u'));
        }
      }),
      { numRuns: 80 },
    );
  });
});
