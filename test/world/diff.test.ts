/** The diff rules of the field notes, one test each, on the Differ and through a real processing. */
import { describe, expect, it } from 'vitest';
import { createCachedEvent, type CachedEvent } from '../../src/world/cached-event.js';
import { decideDiffKind, Differ } from '../../src/world/diff.js';
import { applyOps, packEntry, packRemoval } from '../../src/world/view-state.js';
import { testSettings } from './helpers/settings.js';
import { createHarness, eventAt } from './helpers/world-harness.js';

function events(count: number, firstUid = 1): CachedEvent[] {
  return Array.from({ length: count }, (_, i) => createCachedEvent(firstUid + i, eventAt(1, 1), 0));
}

function bump(event: CachedEvent): CachedEvent {
  return { ...event, version: event.version + 1 };
}

describe('diff rules', () => {
  const differ = new Differ();

  it('first send: the full list, even when it is empty', () => {
    expect(differ.classify(null, events(3), 3)).toMatchObject({ kind: 'full', adds: 3 });
    expect(differ.classify(null, [], 0).kind).toBe('full');
    expect(decideDiffKind(true, 0, 0)).toBe('full');
  });

  it('nothing changed: a no-op', () => {
    const list = events(10);
    const sent = differ.fullState(list, 10);
    // Same events in another order are still the same view.
    expect(differ.classify(sent, [...list].reverse(), 10)).toMatchObject({ kind: 'noop', adds: 0, updates: 0, removes: 0 });
  });

  it('more than half changed: the full list again', () => {
    const list = events(10);
    const sent = differ.fullState(list, 10);
    const next = list.map((e, i) => (i < 6 ? bump(e) : e));
    expect(differ.classify(sent, next, 10)).toMatchObject({ kind: 'full', updates: 6 });
    // Exactly half is not more than half.
    const half = list.map((e, i) => (i < 5 ? bump(e) : e));
    expect(differ.classify(sent, half, 10)).toMatchObject({ kind: 'ops', updates: 5 });
    // Everything removed: an empty full list is one message instead of many.
    expect(differ.classify(sent, [], 0)).toMatchObject({ kind: 'full', removes: 10 });
  });

  it('otherwise one add, update or remove per changed event', () => {
    const list = events(10);
    const sent = differ.fullState(list, 10);
    const added = createCachedEvent(50, eventAt(1, 1), 0);
    // Drop uid 1, update uid 2, add uid 50.
    const next = [bump(list[1]!), ...list.slice(2), added];
    const counts = differ.classify(sent, next, next.length);
    expect(counts).toMatchObject({ kind: 'ops', adds: 1, updates: 1, removes: 1 });
    expect(counts.upsertPayloadBytes).toBe(next[0]!.payloadBytes + added.payloadBytes);
    const ops = differ.ops(sent, next, next.length);
    expect(Array.from(ops)).toEqual([packRemoval(1), packEntry(2, 2), packEntry(50, 1)]);
    expect(Array.from(applyOps(sent, ops))).toEqual(Array.from(differ.fullState(next, next.length)));
  });
});

describe('diff rules through a processing', () => {
  it('sends one full message first, nothing on a no-op, then one message per changed event', async () => {
    const h = await createHarness({ settings: testSettings(), populate: false, batcherConfig: { debounceTimeoutMs: 10 } });
    for (let i = 0; i < 6; i++) h.world.applyChange({ type: 'event-create', atMs: 0, event: eventAt(1 + i / 10, 1, { id: `ev${i}` }) });
    h.world.applyChange({ type: 'connect', atMs: 0, userId: 'u', viewport: { minX: 0, minY: 0, maxX: 3, maxY: 3 }, filters: [] });
    await h.clock.runUntil(100);
    expect(h.world.getStats()).toMatchObject({ fullSends: 1, opSends: 0, messages: 1, noOpDiffs: 0 });

    h.world.applyChange({ type: 'viewport', atMs: 100, userId: 'u', viewport: { minX: 0, minY: 0, maxX: 3.5, maxY: 3 } });
    await h.clock.runUntil(200);
    expect(h.world.getStats()).toMatchObject({ fullSends: 1, messages: 1, noOpDiffs: 1 });

    h.world.applyChange({ type: 'event-update', atMs: 200, event: { id: 'ev0' }, patch: { scanCount: 5 } });
    h.world.applyChange({ type: 'event-delete', atMs: 200, event: { id: 'ev1' } });
    await h.clock.runUntil(300);
    const stats = h.world.getStats();
    expect(stats).toMatchObject({ fullSends: 1, opSends: 1, messages: 3, noOpDiffs: 1 });
    expect(stats.redis.publishes).toBe(3);
    expect(h.world.checkConsistency().divergedClients).toBe(0);
  });
});
