/** Filters, visibility, ranking and the cap: the rules both processing and the oracle rely on. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCachedEvent, type CachedEvent } from '../../src/world/cached-event.js';
import { EVENT_STATUSES, type SimEvent } from '../../src/world/event.js';
import { CATEGORY_BITS, CategoryRegistry, OVERFLOW_BIT, payloadOf, PRIVATE_BIT } from '../../src/world/event-tags.js';
import type { UserFilter } from '../../src/world/filter.js';
import { compileFilters as compileWith, isVisibleTo, type EventPredicate } from '../../src/world/filter-predicate.js';
import { selectForUser } from '../../src/world/result-selection.js';
import { eventAt } from './helpers/world-harness.js';

const registry = new CategoryRegistry();
let uid = 0;
function ev(fields: Partial<Omit<SimEvent, 'updatedAt' | 'version'>>, lng = 1, lat = 1): CachedEvent {
  return createCachedEvent(++uid, eventAt(lng, lat, fields), 0, registry);
}

/** The exact predicate of a filter list. */
function compileFilters(filters: readonly UserFilter[]): EventPredicate | null {
  return compileWith(filters, registry).predicate;
}

/** What processing decides from the tag bits and the residual predicate alone. */
function passesByTag(filters: readonly UserFilter[], registryUsed: CategoryRegistry, event: CachedEvent): boolean {
  const compiled = compileWith(filters, registryUsed);
  for (const mask of compiled.tagMasks) if ((event.info & mask) === 0) return false;
  return compiled.residual === null || compiled.residual(event);
}

describe('filters', () => {
  it('an empty list filters nothing', () => {
    expect(compileFilters([])).toBeNull();
  });

  it('date range: the event overlaps the range', () => {
    const pass = compileFilters([{ dateRange: { start: 100, end: 200 } }])!;
    expect(pass(ev({ eventDate: 150 }))).toBe(true);
    expect(pass(ev({ eventDate: 50, endDate: 120 }))).toBe(true);
    expect(pass(ev({ eventDate: 50, endDate: 99 }))).toBe(false);
    expect(pass(ev({ eventDate: 201 }))).toBe(false);
  });

  it('statuses and categories', () => {
    const pass = compileFilters([{ statuses: ['VERIFIED'], categories: ['food', 'sport'] }])!;
    expect(pass(ev({ status: 'VERIFIED', categories: ['music', 'food'] }))).toBe(true);
    expect(pass(ev({ status: 'PENDING', categories: ['food'] }))).toBe(false);
    expect(pass(ev({ status: 'VERIFIED', categories: ['music'] }))).toBe(false);
  });

  it('location circle in metres (great-circle distance)', () => {
    // One degree of latitude is about 111.2 km.
    const pass = compileFilters([{ location: { latitude: 0, longitude: 0, radius: 112_000 } }])!;
    expect(pass(ev({}, 0, 1))).toBe(true);
    expect(pass(ev({}, 0, 1.02))).toBe(false);
    expect(pass(ev({}, 0.7, 0.7))).toBe(true);
  });

  it('every filter of a list must hold', () => {
    const pass = compileFilters([{ statuses: ['VERIFIED'] }, { categories: ['food'] }])!;
    expect(pass(ev({ status: 'VERIFIED', categories: ['food'] }))).toBe(true);
    expect(pass(ev({ status: 'VERIFIED', categories: ['music'] }))).toBe(false);
  });

  it('rejects a malformed filter with its position and value', () => {
    const compileFilters = (filters: readonly UserFilter[]) => compileWith(filters, registry);
    expect(() => compileFilters([{}, { dateRange: { start: 5, end: 1 } }])).toThrow(/filter 1: dateRange/);
    expect(() => compileFilters([{ location: { latitude: 0, longitude: 0, radius: -1 } }])).toThrow(/radius/);
  });

  it('private events are seen by their creator and the users they are shared with', () => {
    const secret = ev({ isPrivate: true, creatorId: 'ann', sharedWith: ['bob'] });
    expect(isVisibleTo(secret, 'ann')).toBe(true);
    expect(isVisibleTo(secret, 'bob')).toBe(true);
    expect(isVisibleTo(secret, 'cat')).toBe(false);
    expect(selectForUser('cat', [secret], null, null, 10, [])).toBe(0);
  });
});

describe('tag bits', () => {
  it('carry status, privacy and categories, and the payload size beside them', () => {
    const e = ev({ status: 'VERIFIED', isPrivate: true, categories: ['food'] });
    expect(e.info & PRIVATE_BIT).not.toBe(0);
    expect(e.info & registry.knownBitOf('food')).not.toBe(0);
    expect(payloadOf(e.info)).toBe(e.payloadBytes);
  });

  it('decide exactly what the exact predicate decides, with or without spare category bits', () => {
    const categories = Array.from({ length: CATEGORY_BITS + 4 }, (_, i) => `c${i}`);
    const filter: fc.Arbitrary<UserFilter> = fc.record(
      {
        statuses: fc.subarray([...EVENT_STATUSES]),
        categories: fc.subarray(categories, { maxLength: 3 }),
        dateRange: fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })).map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) })),
      },
      { requiredKeys: [] },
    );
    const event = fc.record({
      status: fc.constantFrom(...EVENT_STATUSES),
      categories: fc.subarray(categories, { maxLength: 4 }),
      eventDate: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(fc.array(filter, { maxLength: 3 }), fc.array(event, { minLength: 1, maxLength: 20 }), (filters, events) => {
        // A fresh registry per case: which categories get bits depends on the order they are seen.
        const fresh = new CategoryRegistry();
        const cached = events.map((fields) => createCachedEvent(++uid, eventAt(1, 1, fields), 0, fresh));
        const exact = compileWith(filters, fresh).predicate;
        for (const e of cached) expect(passesByTag(filters, fresh, e)).toBe(exact === null || exact(e));
      }),
    );
  });

  it('mark categories beyond the registry with the overflow bit', () => {
    const small = new CategoryRegistry();
    for (let i = 0; i < CATEGORY_BITS; i++) small.bitOf(`k${i}`);
    const e = createCachedEvent(1, eventAt(1, 1, { categories: ['one-too-many'] }), 0, small);
    expect(e.info & OVERFLOW_BIT).not.toBe(0);
  });
});

describe('ranking and the cap', () => {
  it('keeps everything under the cap, unsorted', () => {
    const list = [ev({ status: 'REJECTED' }), ev({ status: 'VERIFIED' })];
    const out: CachedEvent[] = [];
    expect(selectForUser('u', list, null, null, 5, out)).toBe(2);
  });

  it('over the cap: verified first, then nearest the viewport centre, ties by uid', () => {
    const viewport = { minX: 0, minY: 0, maxX: 4, maxY: 4 };
    const far = ev({ status: 'VERIFIED' }, 0.1, 0.1);
    const near = ev({ status: 'VERIFIED' }, 2.1, 2);
    const pendingNear = ev({ status: 'PENDING' }, 2, 2);
    const twinA = ev({ status: 'VERIFIED' }, 1, 2);
    const twinB = ev({ status: 'VERIFIED' }, 3, 2);
    const out: CachedEvent[] = [];
    const n = selectForUser('u', [pendingNear, far, twinB, twinA, near], viewport, null, 3, out);
    expect(out.slice(0, n).map((e) => e.uid)).toEqual([near.uid, twinA.uid, twinB.uid]);
  });

  it('global feed over the cap: verified first, then the most popular', () => {
    const popular = ev({ status: 'VERIFIED', saveCount: 50 });
    const quiet = ev({ status: 'VERIFIED', saveCount: 1 });
    const pending = ev({ status: 'PENDING', saveCount: 999 });
    const out: CachedEvent[] = [];
    const n = selectForUser('u', [pending, quiet, popular], null, null, 2, out);
    expect(out.slice(0, n).map((e) => e.uid)).toEqual([popular.uid, quiet.uid]);
  });
});
