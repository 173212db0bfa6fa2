import { describe, expect, it } from 'vitest';
import { EventCache } from '../../src/world/event-cache.js';
import { CategoryRegistry } from '../../src/world/event-tags.js';
import type { SpatialIndexKind } from '../../src/world/spatial/spatial-index.js';
import type { CachedEvent } from '../../src/world/cached-event.js';
import { columnsOf, releaseColumns } from '../../src/world/event-columns.js';
import { eventAt } from './helpers/world-harness.js';

const AREA = { minX: 0, minY: 0, maxX: 10, maxY: 10 };

describe.each<SpatialIndexKind>(['grid', 'rbush'])('event cache (%s index)', (index) => {
  const make = (capacity = 100) => new EventCache({ area: AREA, capacity, index, cellSizeDeg: 0.5, categories: new CategoryRegistry() });

  it('answers viewport queries as events are created, moved and deleted', () => {
    const cache = make();
    cache.insert(eventAt(1, 1, { id: 'a' }), 0);
    cache.insert(eventAt(5, 5, { id: 'b' }), 0);
    const ids = () => cache.getEventsInViewport({ minX: 0, minY: 0, maxX: 2, maxY: 2 }).map((e) => e.id).sort();
    expect(ids()).toEqual(['a']);
    cache.move('b', [2, 2], 10);
    expect(ids()).toEqual(['a', 'b']);
    cache.update('a', { title: 'renamed' }, 11);
    // A query hands out the current snapshot, with columns that match it.
    const listed = cache.getEventsInViewport({ minX: 0, minY: 0, maxX: 2, maxY: 2 });
    expect(listed.find((e) => e.id === 'a')).toMatchObject({ title: 'renamed', version: 2 });
    const data = columnsOf(listed).data;
    listed.forEach((e, i) => expect([data[2 * i], data[2 * i + 1]]).toEqual([e.key, e.info]));
    cache.delete('a');
    expect(ids()).toEqual(['b']);
    expect(cache.get('b')).toMatchObject({ version: 2, updatedAt: 10, location: [2, 2] });
  });

  it('lists keep correct columns whether a later query reuses the buffer, or the list was released first', () => {
    const cache = make();
    for (let i = 0; i < 40; i++) cache.insert(eventAt((i % 8) + 0.5, Math.floor(i / 8) + 0.5, { id: `e${i}` }), 0);
    const matches = (list: readonly CachedEvent[]) => {
      const { data, count } = columnsOf(list);
      expect(count).toBe(list.length);
      list.forEach((e, i) => expect([data[2 * i], data[2 * i + 1]]).toEqual([e.key, e.info]));
    };
    const first = cache.getEventsInViewport({ minX: 0, minY: 0, maxX: 4, maxY: 4 });
    const second = cache.getEventsInViewport({ minX: 3, minY: 1, maxX: 8, maxY: 5 });
    matches(first);
    releaseColumns(second);
    const third = cache.getEventsInViewport({ minX: 0, minY: 2, maxX: 8, maxY: 3 });
    // Released, then its buffer reused: the second list's columns come from its events now.
    matches(second);
    matches(third);
    expect(second.length).toBeGreaterThan(0);
  });

  it('evicts the oldest event when full, and returns it so its viewers can be told', () => {
    const cache = make(3);
    for (const id of ['a', 'b', 'c']) cache.insert(eventAt(1, 1, { id }), 0);
    cache.delete('a');
    cache.insert(eventAt(1, 1, { id: 'd' }), 1);
    expect(cache.size).toBe(3);
    const result = cache.insert(eventAt(1, 1, { id: 'e' }), 2);
    expect(result?.evicted?.id).toBe('b');
    expect(cache.getAllEvents().map((e) => e.id).sort()).toEqual(['c', 'd', 'e']);
    expect(cache.evictedCount).toBe(1);
  });

  it('refuses a second event with a live id', () => {
    const cache = make();
    cache.insert(eventAt(1, 1, { id: 'a' }), 0);
    expect(cache.insert(eventAt(2, 2, { id: 'a' }), 1)).toBeNull();
  });

  it('a clear and reload brings the same events back with the same uid and version', () => {
    const cache = make();
    cache.insert(eventAt(1, 1, { id: 'a' }), 0);
    cache.update('a', { scanCount: 9 }, 5);
    const before = cache.get('a')!;
    const cleared = cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.getEventsInViewport(AREA)).toHaveLength(0);
    cache.reload(cleared);
    expect(cache.get('a')).toBe(before);
    expect(cache.getEventsInViewport(AREA).map((e) => e.uid)).toEqual([before.uid]);
    // New events after a reload never reuse a uid.
    expect(cache.insert(eventAt(1, 1, { id: 'b' }), 6)!.created.uid).toBeGreaterThan(before.uid);
  });

  it('shares one getAllEvents array until the next change', () => {
    const cache = make();
    cache.insert(eventAt(1, 1, { id: 'a' }), 0);
    const first = cache.getAllEvents();
    expect(cache.getAllEvents()).toBe(first);
    cache.update('a', { title: 'x' }, 1);
    const second = cache.getAllEvents();
    expect(second).not.toBe(first);
    expect(second[0]!.title).toBe('x');
    // A snapshot handed out earlier never changes under its holder.
    expect(first[0]!.title).not.toBe('x');
  });

  it('resolves a pick ref to a live event by fraction', () => {
    const cache = make();
    for (const id of ['a', 'b', 'c', 'd']) cache.insert(eventAt(1, 1, { id }), 0);
    const picked = new Set([0, 0.3, 0.6, 0.99].map((pick) => cache.resolve({ pick })?.id));
    expect(picked.size).toBe(4);
    expect(make().resolve({ pick: 0.5 })).toBeUndefined();
  });

  it('keeps eviction order bounded through many deletions', () => {
    const cache = make(10);
    for (let i = 0; i < 5000; i++) {
      cache.insert(eventAt(1, 1, { id: `e${i}` }), i);
      if (i % 2 === 0) cache.delete(`e${i}`);
    }
    expect(cache.size).toBe(10);
    expect(cache.getAllEvents().every((e) => Number(e.id.slice(1)) >= 4980)).toBe(true);
  });
});
