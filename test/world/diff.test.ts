/** The diff rules of the field notes, one test each, on the Differ and through a real processing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideDiffKind, Differ, sortKeysWithIndex } from '../../src/world/diff.js';
import { applyOps, decodeView, encodeView, packEntry, packRemoval } from '../../src/world/view-state.js';
import { testSettings } from './helpers/settings.js';
import { createHarness, eventAt } from './helpers/world-harness.js';

/** Keys for uids 1..count at version 1, sorted, with indices 0..count-1. */
function list(count: number, version = (uid: number) => 1): { keys: number[]; index: Int32Array } {
  const keys = Array.from({ length: count }, (_, i) => packEntry(i + 1, version(i + 1)));
  return { keys, index: Int32Array.from(keys.map((_, i) => i)) };
}

const sent = (count: number) => encodeView(list(count).keys, count);

describe('diff rules', () => {
  const differ = new Differ();

  it('first send: the full list, even when it is empty', () => {
    const { keys, index } = list(3);
    expect(differ.compare(null, keys, index, 3)).toMatchObject({ kind: 'full', adds: 3, size: 3 });
    expect(differ.compare(null, [], new Int32Array(0), 0).kind).toBe('full');
    expect(decideDiffKind(true, 0, 0)).toBe('full');
  });

  it('nothing changed: a no-op', () => {
    const { keys, index } = list(10);
    expect(differ.compare(sent(10), keys, index, 10)).toMatchObject({ kind: 'noop', adds: 0, updates: 0, removes: 0, size: 10 });
    expect(differ.opCount).toBe(0);
  });

  it('more than half changed: the full list again', () => {
    const six = list(10, (uid) => (uid <= 6 ? 2 : 1));
    expect(differ.compare(sent(10), six.keys, six.index, 10)).toMatchObject({ kind: 'full', updates: 6 });
    // Exactly half is not more than half.
    const five = list(10, (uid) => (uid <= 5 ? 2 : 1));
    expect(differ.compare(sent(10), five.keys, five.index, 10)).toMatchObject({ kind: 'ops', updates: 5 });
    // Everything removed: an empty full list is one message instead of many.
    expect(differ.compare(sent(10), [], new Int32Array(0), 0)).toMatchObject({ kind: 'full', removes: 10 });
  });

  it('otherwise one add, update or remove per changed event, each pointing at its event', () => {
    // Was uids 1..10 at version 1; now uid 1 gone, uid 2 at version 2, uid 50 new.
    const keys = [packEntry(2, 2), ...list(10).keys.slice(2), packEntry(50, 1)];
    const index = Int32Array.from(keys.map((_, i) => i));
    const counts = differ.compare(sent(10), keys, index, keys.length);
    expect(counts).toMatchObject({ kind: 'ops', adds: 1, updates: 1, removes: 1, size: 10 });
    expect(differ.opsPayload()).toEqual([packRemoval(1), packEntry(2, 2), packEntry(50, 1)]);
    expect(Array.from(differ.opEvents.subarray(0, differ.opCount))).toEqual([-1, 0, 9]);
    expect(applyOps(sent(10), differ.opsPayload())).toBe(differ.stateOf(keys, keys.length));
  });

  it('the ops of any change turn the old state into the new one', () => {
    const set = fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 3 })), { selector: ([u]) => u });
    fc.assert(
      fc.property(set, set, (before, after) => {
        const old = before.map(([u, v]) => packEntry(u, v)).sort((a, b) => a - b);
        const keys = after.map(([u, v]) => packEntry(u, v)).sort((a, b) => a - b);
        const index = Int32Array.from(keys.map((_, i) => i));
        const counts = differ.compare(encodeView(old, old.length), keys, index, keys.length);
        const target = differ.stateOf(keys, keys.length);
        expect(differ.comparedState()).toBe(target);
        if (counts.kind === 'noop') expect(encodeView(old, old.length)).toBe(target);
        else expect(applyOps(encodeView(old, old.length), differ.opsPayload())).toBe(target);
        expect(counts.adds + counts.updates + counts.removes).toBe(differ.opCount);
      }),
    );
  });

  it('long lists with a few changes: runs copied from the last-sent view give exactly the new state', () => {
    // Realistic shape: hundreds of entries, most unchanged, a few updates, adds and removals anywhere
    // (first and last included), so unchanged runs are long and the merge steps in and out of them.
    const list = fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: 0, maxLength: 300 });
    const edits = fc.array(fc.tuple(fc.constantFrom('update', 'add', 'remove'), fc.nat(), fc.integer({ min: 1, max: 5000 })), { maxLength: 6 });
    fc.assert(
      fc.property(list, edits, (uids, changes) => {
        const old = new Map(uids.map((u) => [u, (u % 3) + 1]));
        const next = new Map(old);
        const held = [...old.keys()];
        for (const [kind, pick, uid] of changes) {
          const target = held.length === 0 ? uid : held[pick % held.length]!;
          if (kind === 'update') next.set(target, (next.get(target) ?? 1) + 1);
          else if (kind === 'remove') next.delete(target);
          else next.set(uid, 9);
        }
        const oldKeys = [...old].map(([u, v]) => packEntry(u, v)).sort((a, b) => a - b);
        const keys = [...next].map(([u, v]) => packEntry(u, v)).sort((a, b) => a - b);
        const index = Int32Array.from(keys.map((_, i) => i));
        const sentView = encodeView(oldKeys, oldKeys.length);
        const counts = differ.compare(sentView, keys, index, keys.length);
        const target = encodeView(keys, keys.length);
        if (counts.kind !== 'noop') expect(differ.comparedState()).toBe(target);
        else expect(sentView).toBe(target);
        expect(applyOps(sentView, differ.opsPayload())).toBe(target);
        const removed = [...old.keys()].filter((u) => !next.has(u)).length;
        const added = [...next.keys()].filter((u) => !old.has(u)).length;
        const updated = [...next].filter(([u, v]) => old.has(u) && old.get(u) !== v).length;
        expect(counts).toMatchObject({ adds: added, updates: updated, removes: removed, size: next.size });
      }),
      { numRuns: 300 },
    );
  });

  it('sorts keys with their indices, nearly sorted or not', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 400 }), (uids) => {
        const keys = uids.map((u) => packEntry(u, 1));
        const original = [...keys];
        const index = Int32Array.from(keys.map((_, i) => i));
        sortKeysWithIndex(keys, index, keys.length);
        expect(keys).toEqual([...original].sort((a, b) => a - b));
        for (let i = 0; i < keys.length; i++) expect(original[index[i]!]).toBe(keys[i]);
      }),
    );
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
    expect(decodeView(h.world.users.get('u')!.client.view)).toHaveLength(5);
    expect(h.world.checkConsistency().divergedClients).toBe(0);
  });
});
