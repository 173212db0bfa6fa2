import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyOps,
  decodeView,
  encodeView,
  EMPTY_VIEW,
  packEntry,
  packRemoval,
  uidOf,
  versionTag,
  versionTagOf,
  VERSION_SPAN,
  viewEquals,
  viewSize,
} from '../../src/world/view-state.js';

const entries = fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: VERSION_SPAN + 5 })), {
  selector: ([uid]) => uid,
  maxLength: 300,
});

/** Small uids (so held entries and ops meet often): held versions 1..5, op versions 0 (removal) to 5. */
const smallUid = fc.integer({ min: 1, max: 40 });
const heldVersions = fc.uniqueArray(fc.tuple(smallUid, fc.integer({ min: 1, max: 5 })), { selector: ([u]) => u });
const opVersions = fc.uniqueArray(fc.tuple(smallUid, fc.integer({ min: 0, max: 5 })), { selector: ([u]) => u });

describe('compact view state', () => {
  it('packs a uid and a version into one exact double', () => {
    const entry = packEntry(4_000_000_000, 17);
    expect(uidOf(entry)).toBe(4_000_000_000);
    expect(versionTagOf(entry)).toBe(17);
    expect(versionTagOf(packRemoval(5))).toBe(0);
    // Versions wrap but never reach the removal tag.
    expect(versionTag(VERSION_SPAN)).toBeGreaterThan(0);
    expect(versionTag(VERSION_SPAN - 1)).toBe(VERSION_SPAN - 1);
  });

  it('encodes any sorted set of entries and decodes it back exactly', () => {
    fc.assert(
      fc.property(entries, (list) => {
        const keys = list.map(([uid, version]) => packEntry(uid, version)).sort((a, b) => a - b);
        const view = encodeView(keys, keys.length);
        expect(decodeView(view)).toEqual(keys);
        expect(viewSize(view)).toBe(keys.length);
        // Equal sets give equal strings: "nothing changed" is a string comparison.
        expect(encodeView([...keys], keys.length)).toBe(view);
      }),
    );
  });

  it('takes about two bytes per entry for neighbouring uids with few versions', () => {
    const keys = Array.from({ length: 200 }, (_, i) => packEntry(10_000 + i + Math.floor(i / 10), 1 + (i % 3)));
    const view = encodeView(keys, keys.length);
    expect(view.length).toBeLessThanOrEqual(2 * 200 + 4);
    expect(decodeView(EMPTY_VIEW)).toEqual([]);
  });

  it('keeps the first entry of a uid listed twice', () => {
    const view = encodeView([packEntry(3, 1), packEntry(3, 2), packEntry(4, 1)], 3);
    expect(decodeView(view)).toEqual([packEntry(3, 1), packEntry(4, 1)]);
  });

  it('applying ops behaves like applying them to a map', () => {
    fc.assert(
      fc.property(
        heldVersions,
        opVersions,
        (held, ops) => {
          const model = new Map(held);
          for (const [uid, version] of ops) {
            if (version === 0) model.delete(uid);
            else model.set(uid, version);
          }
          const keys = held.map(([u, v]) => packEntry(u, v)).sort((a, b) => a - b);
          const opList = ops.map(([u, v]) => (v === 0 ? packRemoval(u) : packEntry(u, v))).sort((a, b) => a - b);
          const result = applyOps(encodeView(keys, keys.length), opList);
          const expected = [...model.entries()].sort((a, b) => a[0] - b[0]).map(([u, v]) => packEntry(u, v));
          expect(decodeView(result)).toEqual(expected);
        },
      ),
    );
  });

  it('viewEquals answers exactly whether encodeView would make that view', () => {
    const sortedKeys = (list: [number, number][]) => list.map(([u, v]) => packEntry(u, v)).sort((a, b) => a - b);
    // Near misses: the same entries with one version or uid changed, one dropped, one added, a repeat.
    const variant = fc.tuple(entries, fc.nat(), fc.integer({ min: 0, max: 4 }));
    fc.assert(
      fc.property(variant, entries, ([list, pick, how], other) => {
        const keys = sortedKeys(list);
        let altered = [...keys];
        const at = keys.length === 0 ? 0 : pick % keys.length;
        if (how === 0 && keys.length > 0) altered[at] = packEntry(uidOf(keys[at]!), versionTagOf(keys[at]!) + 1);
        if (how === 1 && keys.length > 0) altered.splice(at, 1);
        if (how === 2) altered = [...altered, packEntry(2 ** 32 - 1, 1)].sort((a, b) => a - b);
        if (how === 3 && keys.length > 0) altered.splice(at, 0, keys[at]!);
        if (how === 4) altered = sortedKeys(other);
        const view = encodeView(keys, keys.length);
        expect(viewEquals(view, altered, altered.length)).toBe(encodeView(altered, altered.length) === view);
        expect(viewEquals(view, keys, keys.length)).toBe(true);
        // A view cut short, or with bytes to spare, never equals.
        if (view.length > 0) expect(viewEquals(view.slice(0, -1), keys, keys.length)).toBe(false);
        expect(viewEquals(`${view}\u0001\u0001`, keys, keys.length)).toBe(false);
      }),
    );
  });

  it('applyOps with the expected result returns that very state when the ops lead there, and the real result otherwise', () => {
    fc.assert(
      fc.property(
        heldVersions,
        opVersions,
        heldVersions,
        (held, ops, other) => {
          const view = encodeView(
            held.map(([u, v]) => packEntry(u, v)).sort((a, b) => a - b),
            held.length,
          );
          const opList = ops.map(([u, v]) => (v === 0 ? packRemoval(u) : packEntry(u, v))).sort((a, b) => a - b);
          const truth = applyOps(view, opList);
          // The server's state as its own string (not the one applyOps made), and a wrong one.
          const expected = encodeView(decodeView(truth), viewSize(truth));
          expect(applyOps(view, opList, expected)).toBe(truth);
          const wrongKeys = other.map(([u, v]) => packEntry(u, v)).sort((a, b) => a - b);
          const wrong = encodeView(wrongKeys, wrongKeys.length);
          expect(applyOps(view, opList, wrong)).toBe(truth);
        },
      ),
    );
  });
});
