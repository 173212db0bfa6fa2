import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyOps,
  indexOfUid,
  packEntry,
  packRemoval,
  uidOf,
  versionTag,
  versionTagOf,
  VERSION_SPAN,
  viewsEqual,
} from '../../src/world/view-state.js';

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

  it('finds entries by uid', () => {
    const view = Float64Array.from([packEntry(2, 1), packEntry(5, 3), packEntry(9, 1)]);
    expect(indexOfUid(view, 5)).toBe(1);
    expect(indexOfUid(view, 4)).toBe(-1);
    expect(indexOfUid(view, 10)).toBe(-1);
    expect(viewsEqual(view, Float64Array.from(view))).toBe(true);
    expect(viewsEqual(view, view.slice(1))).toBe(false);
  });

  it('applying ops behaves like applying them to a map', () => {
    const uids = fc.integer({ min: 1, max: 40 });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(uids, fc.integer({ min: 1, max: 5 })), { selector: ([u]) => u }),
        fc.uniqueArray(fc.tuple(uids, fc.integer({ min: 0, max: 5 })), { selector: ([u]) => u }),
        (held, ops) => {
          const model = new Map(held);
          for (const [uid, version] of ops) {
            if (version === 0) model.delete(uid);
            else model.set(uid, version);
          }
          const view = Float64Array.from(held.map(([u, v]) => packEntry(u, v))).sort();
          const opList = Float64Array.from(ops.map(([u, v]) => (v === 0 ? packRemoval(u) : packEntry(u, v)))).sort();
          const result = applyOps(view, opList);
          const expected = [...model.entries()].sort((a, b) => a[0] - b[0]).map(([u, v]) => packEntry(u, v));
          expect(Array.from(result)).toEqual(expected);
        },
      ),
    );
  });
});
