import { describe, expect, it } from 'vitest';
import { DIRTY, IN_FLIGHT, UserTable } from '../../src/batcher/user-table.js';

describe('UserTable', () => {
  it('gives each user one stable slot and finds it again', () => {
    const table = new UserTable();
    const slots = new Map<string, number>();
    for (let i = 0; i < 5000; i++) slots.set(`user-${i}`, table.acquire(`user-${i}`));
    expect(new Set(slots.values()).size).toBe(5000);
    expect(table.size).toBe(5000);
    for (const [id, slot] of slots) {
      expect(table.acquire(id)).toBe(slot);
      // An equal string that is a different object finds the same slot.
      expect(table.slotOf(`${id.slice(0, 2)}${id.slice(2)}`)).toBe(slot);
      expect(table.ids[slot]).toBe(id);
    }
    expect(table.slotOf('nobody')).toBeUndefined();
  });

  it('forgets released users, reuses their slots, and keeps finding users past the tombstones', () => {
    const table = new UserTable();
    for (let i = 0; i < 3000; i++) table.acquire(`u${i}`);
    for (let i = 0; i < 3000; i += 2) table.release(table.slotOf(`u${i}`)!);
    expect(table.size).toBe(1500);
    for (let i = 0; i < 3000; i++) {
      if (i % 2 === 0) expect(table.slotOf(`u${i}`)).toBeUndefined();
      else expect(table.ids[table.slotOf(`u${i}`)!]).toBe(`u${i}`);
    }
    const reused = table.acquire('newcomer');
    expect(reused).toBeLessThan(3000);
    expect(table.flags(reused)).toBe(0);
    // Churn far beyond the index size: tombstones must not fill it up.
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 1000; i++) table.acquire(`churn-${round}-${i}`);
      for (let i = 0; i < 1000; i++) table.release(table.slotOf(`churn-${round}-${i}`)!);
    }
    expect(table.size).toBe(1501);
    expect(table.slotOf('u1')).toBeDefined();
  });

  it('lists dirty users in the order they became dirty, skipping those cleaned since', () => {
    const table = new UserTable();
    const a = table.acquire('a');
    const b = table.acquire('b');
    const c = table.acquire('c');
    table.becomeDirty(c, 0);
    table.becomeDirty(a, 0);
    table.becomeDirty(b, 0);
    table.becomeClean(a, IN_FLIGHT);
    expect(table.flags(a)).toBe(IN_FLIGHT);
    table.becomeDirty(a, table.flags(a));
    expect(table.flags(a)).toBe(IN_FLIGHT | DIRTY);
    expect(table.dirtySlots()).toEqual([c, b, a]);
    expect(table.dirtyCount).toBe(3);
  });

  it('keeps the dirty order through log compactions', () => {
    const table = new UserTable();
    const slots = Array.from({ length: 100 }, (_, i) => table.acquire(`u${i}`));
    for (const slot of slots) table.becomeDirty(slot, 0);
    // Thousands of clean/dirty cycles of the first 50 fill the log with stale entries.
    for (let cycle = 0; cycle < 200; cycle++) {
      for (const slot of slots.slice(0, 50)) {
        table.becomeClean(slot, 0);
        table.becomeDirty(slot, 0);
      }
    }
    expect(table.dirtySlots()).toEqual([...slots.slice(50), ...slots.slice(0, 50)]);
    expect(table.dirtyCount).toBe(100);
  });

  it('keeps pending marks: oldest and newest timestamp, count and reasons', () => {
    const table = new UserTable();
    const slot = table.acquire('u');
    table.setPending(slot, 10, 10, 1, 3);
    table.addPending(slot, 5, 7);
    table.addPending(slot, 20, 9);
    expect([table.firstMarkAtMs(slot), table.lastMarkAtMs(slot), table.markCount(slot), table.reasons(slot)]).toEqual([
      5, 20, 3, 9,
    ]);
  });

  it('grows its records without losing state, and tells the owner the new capacity', () => {
    const capacities: number[] = [];
    const table = new UserTable((capacity) => capacities.push(capacity));
    const first = table.acquire('first');
    table.setPending(first, 1.5, 2.5, 2, 4);
    table.becomeDirty(first, 0);
    for (let i = 0; i < 5000; i++) table.acquire(`u${i}`);
    expect(capacities.length).toBeGreaterThan(0);
    expect(table.capacity).toBeGreaterThanOrEqual(5001);
    expect([table.firstMarkAtMs(first), table.lastMarkAtMs(first), table.markCount(first), table.flags(first)]).toEqual([
      1.5, 2.5, 2, DIRTY,
    ]);
  });
});
