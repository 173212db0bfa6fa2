/**
 * A user's filter list compiled once (when the filters change). The semantics, shared by processing
 * and the oracle:
 * - every filter in the list must hold (an empty list passes everything);
 * - within a filter, every criterion present must hold;
 * - dateRange: the event's [eventDate, endDate ?? eventDate] overlaps [start, end];
 * - statuses / categories: the event's status is listed / one of its categories is listed;
 * - location: the event lies within `radius` metres of the point (great-circle distance).
 * Private events are seen only by their creator and the users they are shared with, filters or not.
 *
 * Two compiled forms: `predicate`, exact over the event object (the oracle uses it); and for
 * processing, bit masks over the event's tag (event-tags.ts) plus a `residual` predicate for what the
 * tag cannot decide (date ranges, circles, categories without a bit). The oracle comparing the first
 * against what processing sent with the second is a check of both.
 */
import type { CachedEvent } from './cached-event.js';
import type { CategoryRegistry } from './event-tags.js';
import { STATUS_BIT } from './event-tags.js';
import type { UserFilter } from './filter.js';
import { distanceMetres, METRES_PER_DEGREE } from './geo.js';

export type EventPredicate = (event: CachedEvent) => boolean;

export interface CompiledFilters {
  /** Exact test over the event object; null when the list filters nothing. */
  readonly predicate: EventPredicate | null;
  /** Each mask needs at least one of its bits in the event's tag. */
  readonly tagMasks: readonly number[];
  /** What the masks cannot decide; null when they decide everything. */
  readonly residual: EventPredicate | null;
}

export const NO_FILTERS: CompiledFilters = Object.freeze({ predicate: null, tagMasks: Object.freeze([]), residual: null });

export function isVisibleTo(event: CachedEvent, userId: string): boolean {
  return !event.isPrivate || event.creatorId === userId || event.sharedWith.includes(userId);
}

function allOf(tests: EventPredicate[]): EventPredicate | null {
  if (tests.length === 0) return null;
  if (tests.length === 1) return tests[0]!;
  return (e) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(e)) return false;
    return true;
  };
}

export function compileFilters(filters: readonly UserFilter[], registry: CategoryRegistry): CompiledFilters {
  if (filters.length === 0) return NO_FILTERS;
  const exact: EventPredicate[] = [];
  const residual: EventPredicate[] = [];
  const tagMasks: number[] = [];
  filters.forEach((filter, index) => {
    const where = `filter ${index}`;
    if (filter.dateRange !== undefined) {
      const { start, end } = filter.dateRange;
      if (!Number.isFinite(start) || !Number.isFinite(end) || start > end) {
        throw new RangeError(`${where}: dateRange needs finite start <= end, got ${JSON.stringify(filter.dateRange)}`);
      }
      const test: EventPredicate = (e) => e.eventDate <= end && (e.endDate ?? e.eventDate) >= start;
      exact.push(test);
      residual.push(test);
    }
    if (filter.statuses !== undefined) {
      const statuses = new Set<string>(filter.statuses);
      exact.push((e) => statuses.has(e.status));
      let mask = 0;
      for (const status of filter.statuses) mask |= STATUS_BIT[status] ?? 0;
      tagMasks.push(mask);
    }
    if (filter.categories !== undefined) {
      const categories = new Set<string>(filter.categories);
      const test: EventPredicate = (e) => {
        for (const category of e.categories) if (categories.has(category)) return true;
        return false;
      };
      exact.push(test);
      let mask = 0;
      let everyCategoryHasABit = true;
      for (const category of filter.categories) {
        // Registering here keeps the bits stable: a category has a bit from first sight, or never.
        const bit = registry.bitOf(category);
        if (bit === 0) everyCategoryHasABit = false;
        mask |= bit;
      }
      if (everyCategoryHasABit) tagMasks.push(mask);
      else residual.push(test);
    }
    if (filter.location !== undefined) {
      const { latitude, longitude, radius } = filter.location;
      if (![latitude, longitude, radius].every(Number.isFinite) || radius < 0) {
        throw new RangeError(`${where}: location needs finite latitude, longitude and radius >= 0, got ${JSON.stringify(filter.location)}`);
      }
      // A box around the circle rejects most events before the trigonometry; widened by 1% so it never
      // rejects an event the exact distance would accept.
      const latSpan = (radius / METRES_PER_DEGREE) * 1.01;
      const cosLat = Math.cos((Math.min(89, Math.abs(latitude) + latSpan) * Math.PI) / 180);
      const lngSpan = latSpan / cosLat;
      const test: EventPredicate = (e) => {
        const lng = e.location[0];
        const lat = e.location[1];
        if (Math.abs(lat - latitude) > latSpan) return false;
        if (Math.abs(latitude) + latSpan < 89 && Math.abs(lng - longitude) > lngSpan) return false;
        return distanceMetres(longitude, latitude, lng, lat) <= radius;
      };
      exact.push(test);
      residual.push(test);
    }
  });
  return { predicate: allOf(exact), tagMasks, residual: allOf(residual) };
}
