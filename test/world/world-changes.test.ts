/** How each kind of change reaches users, the batcher and the Redis counts. */
import { describe, expect, it } from 'vitest';
import type { MarkOptions } from '../../src/batcher/ports.js';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { SeededRandom } from '../../src/random/seeded-random.js';
import { World } from '../../src/world/world.js';
import { testSettings, type SettingsOverrides } from './helpers/settings.js';
import { createHarness, eventAt } from './helpers/world-harness.js';

/** A world whose batcher only records what it is told. */
function recordingWorld(overrides: SettingsOverrides = {}) {
  const clock = new VirtualClock();
  const world = new World({ clock, settings: testSettings(overrides), random: new SeededRandom(1) });
  const marks: { userId: string; options: MarkOptions }[] = [];
  const removed: string[] = [];
  world.attachBatcher({ markUserAsDirty: (userId, options) => marks.push({ userId, options }), removeUser: (userId) => removed.push(userId) });
  return { clock, world, marks, removed };
}

const LEFT = { minX: 0, minY: 0, maxX: 2, maxY: 2 };
const RIGHT = { minX: 5, minY: 0, maxX: 7, maxY: 2 };

describe('world changes', () => {
  it('connect marks initial_request; disconnect removes the user from the batcher and every index', () => {
    const { world, marks, removed } = recordingWorld();
    world.applyChange({ type: 'connect', atMs: 0, userId: 'a', viewport: LEFT, filters: [] });
    world.applyChange({ type: 'connect', atMs: 0, userId: 'g', viewport: null, filters: [] });
    expect(marks.map((m) => [m.userId, m.options.reason])).toEqual([['a', 'initial_request'], ['g', 'initial_request']]);
    world.applyChange({ type: 'disconnect', atMs: 0, userId: 'a' });
    world.applyChange({ type: 'disconnect', atMs: 0, userId: 'g' });
    expect(removed).toEqual(['a', 'g']);
    marks.length = 0;
    world.applyChange({ type: 'event-create', atMs: 1, event: eventAt(1, 1) });
    expect(marks).toEqual([]);
    expect(world.getStats()).toMatchObject({ usersConnected: 2, usersDisconnected: 2, connectedUsers: 0, globalFeedUsers: 0 });
  });

  it('counts changes that refer to something absent as ignored', () => {
    const { world } = recordingWorld();
    world.applyChange({ type: 'connect', atMs: 0, userId: 'a', viewport: null, filters: [] });
    world.applyChange({ type: 'connect', atMs: 0, userId: 'a', viewport: null, filters: [] });
    world.applyChange({ type: 'viewport', atMs: 0, userId: 'nobody', viewport: LEFT });
    world.applyChange({ type: 'event-delete', atMs: 0, event: { id: 'missing' } });
    world.applyChange({ type: 'event-move', atMs: 0, event: { pick: 0.5 }, location: [1, 1] });
    expect(world.getStats()).toMatchObject({ changesApplied: 1, changesIgnored: 4 });
  });

  it('marks viewers of the old and the new position of a moved event, once each, with the event id', async () => {
    const { clock, world, marks } = recordingWorld();
    world.applyChange({ type: 'connect', atMs: 0, userId: 'left', viewport: LEFT, filters: [] });
    world.applyChange({ type: 'connect', atMs: 0, userId: 'right', viewport: RIGHT, filters: [] });
    world.applyChange({ type: 'connect', atMs: 0, userId: 'both', viewport: { minX: 0, minY: 0, maxX: 7, maxY: 2 }, filters: [] });
    world.applyChange({ type: 'connect', atMs: 0, userId: 'global', viewport: null, filters: [] });
    world.applyChange({ type: 'event-create', atMs: 1, event: eventAt(1, 1, { id: 'ev' }) });
    marks.length = 0;
    await clock.runUntil(2);
    world.applyChange({ type: 'event-move', atMs: 2, event: { id: 'ev' }, location: [6, 1] });
    expect(marks.map((m) => m.userId).sort()).toEqual(['both', 'global', 'left', 'right']);
    expect(marks.every((m) => m.options.reason === 'event_update' && m.options.eventId === 'ev' && m.options.timestamp === 2)).toBe(true);
    // One lookup for the create, two for the move.
    expect(world.getStats().redis.affectedUserLookups).toBe(3);
  });

  it('an eviction tells the viewers of the evicted event', () => {
    const { world, marks } = recordingWorld({ world: { events: { capacity: 1 } } });
    world.applyChange({ type: 'connect', atMs: 0, userId: 'left', viewport: LEFT, filters: [] });
    world.applyChange({ type: 'event-create', atMs: 1, event: eventAt(1, 1, { id: 'old' }) });
    marks.length = 0;
    world.applyChange({ type: 'event-create', atMs: 2, event: eventAt(6, 1, { id: 'new' }) });
    expect(marks.map((m) => [m.userId, m.options.eventId])).toEqual([['left', 'old']]);
    expect(world.getStats()).toMatchObject({ eventsEvicted: 1, liveEvents: 1 });
  });

  it('a cache reload marks every connected user at once and changes no view', async () => {
    const h = await createHarness({
      settings: testSettings({ world: { users: { count: 50, withoutViewportShare: 0.2 }, events: { count: 200 } } }),
    });
    await h.clock.runUntil(2000);
    const before = h.world.getStats();
    h.world.applyChange({ type: 'cache-reload', atMs: 2000 });
    expect(h.world.getStats().marks - before.marks).toBe(50);
    await h.settle();
    const after = h.world.getStats();
    expect(after.noOpDiffs - before.noOpDiffs).toBe(50);
    expect(after.messages).toBe(before.messages);
    expect(h.world.checkConsistency().divergedClients).toBe(0);
  });

  it('counts viewport writes, reads per processing and one publish per message', async () => {
    const h = await createHarness({
      settings: testSettings({ costs: { viewportWritesPerChange: 2, redisRoundTripsPerProcessing: 3, redisLatency: { kind: 'fixed', ms: 1 } } }),
      populate: false,
    });
    h.world.applyChange({ type: 'event-create', atMs: 0, event: eventAt(1, 1) });
    h.world.applyChange({ type: 'connect', atMs: 0, userId: 'a', viewport: LEFT, filters: [] });
    await h.clock.runUntil(500);
    h.world.applyChange({ type: 'viewport', atMs: 500, userId: 'a', viewport: RIGHT });
    await h.settle();
    const redis = h.world.getStats().redis;
    expect(redis.viewportWrites).toBe(2);
    expect(redis.reads).toBe(6);
    expect(redis.publishes).toBe(2);
    expect(redis.affectedUserLookups).toBe(1);
    expect(redis.total).toBe(11);
  });

  it('counts stale clients: those whose oldest undelivered change is older than the threshold', async () => {
    const h = await createHarness({ settings: testSettings(), populate: false, batcherConfig: { debounceTimeoutMs: 300, sweepIntervalMs: 10_000 } });
    h.world.applyChange({ type: 'connect', atMs: 0, userId: 'a', viewport: LEFT, filters: [] });
    h.world.applyChange({ type: 'connect', atMs: 0, userId: 'b', viewport: RIGHT, filters: [] });
    await h.clock.runUntil(1000);
    expect(h.world.countStaleClients(1000, 100)).toBe(0);
    h.world.applyChange({ type: 'viewport', atMs: 1000, userId: 'a', viewport: RIGHT });
    await h.clock.runUntil(1050);
    h.world.applyChange({ type: 'filter', atMs: 1050, userId: 'b', filters: [{ statuses: ['VERIFIED'] }] });
    await h.clock.runUntil(1200);
    expect(h.world.countStaleClients(1200, 100)).toBe(2);
    expect(h.world.countStaleClients(1200, 170)).toBe(1);
    expect(h.world.pendingWork()).toMatchObject({ undeliveredChanges: 2, usersWithUndeliveredChanges: 2 });
    await h.clock.runUntil(1400);
    expect(h.world.countStaleClients(1400, 0)).toBe(0);
  });

  it('a world needs a batcher before changes', () => {
    const world = new World({ clock: new VirtualClock(), settings: testSettings(), random: new SeededRandom(1) });
    expect(() => world.applyChange({ type: 'connect', atMs: 0, userId: 'a', viewport: null, filters: [] })).toThrow(/attachBatcher/);
  });
});
