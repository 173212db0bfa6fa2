/**
 * A user's filter list compiled once (when the filters change) into one predicate, so the per-event
 * test during processing is a few comparisons. The semantics, shared by processing and the oracle:
 * - every filter in the list must hold (an empty list passes everything);
 * - within a filter, every criterion present must hold;
 * - dateRange: the event's [eventDate, endDate ?? eventDate] overlaps [start, end];
 * - statuses / categories: the event's status is listed / one of its categories is listed;
 * - location: the event lies within `radius` metres of the point (great-circle distance).
 * Private events are seen only by their creator and the users they are shared with, filters or not.
 */
import type { CachedEvent } from './cached-event.js';
import type { UserFilter } from './filter.js';
import { distanceMetres, METRES_PER_DEGREE } from './geo.js';

export type EventPredicate = (event: CachedEvent) => boolean;

export function isVisibleTo(event: CachedEvent, userId: string): boolean {
  return !event.isPrivate || event.creatorId === userId || event.sharedWith.includes(userId);
}

function compileOne(filter: UserFilter, index: number): EventPredicate[] {
  const tests: EventPredicate[] = [];
  const where = `filter ${index}`;
  if (filter.dateRange !== undefined) {
    const { start, end } = filter.dateRange;
    if (!Number.isFinite(start) || !Number.isFinite(end) || start > end) {
      throw new RangeError(`${where}: dateRange needs finite start <= end, got ${JSON.stringify(filter.dateRange)}`);
    }
    tests.push((e) => e.eventDate <= end && (e.endDate ?? e.eventDate) >= start);
  }
  if (filter.statuses !== undefined) {
    const statuses = new Set<string>(filter.statuses);
    tests.push((e) => statuses.has(e.status));
  }
  if (filter.categories !== undefined) {
    const categories = new Set<string>(filter.categories);
    tests.push((e) => {
      for (const category of e.categories) if (categories.has(category)) return true;
      return false;
    });
  }
  if (filter.location !== undefined) {
    const { latitude, longitude, radius } = filter.location;
    if (![latitude, longitude, radius].every(Number.isFinite) || radius < 0) {
      throw new RangeError(`${where}: location needs finite latitude, longitude and radius >= 0, got ${JSON.stringify(filter.location)}`);
    }
    // A box around the circle rejects most events before the trigonometry; it is widened by 1% so it
    // never rejects an event the exact distance would accept.
    const latSpan = (radius / METRES_PER_DEGREE) * 1.01;
    const cosLat = Math.cos((Math.min(89, Math.abs(latitude) + latSpan) * Math.PI) / 180);
    const lngSpan = latSpan / cosLat;
    tests.push((e) => {
      const lng = e.location[0];
      const lat = e.location[1];
      if (Math.abs(lat - latitude) > latSpan) return false;
      if (Math.abs(latitude) + latSpan < 89 && Math.abs(lng - longitude) > lngSpan) return false;
      return distanceMetres(longitude, latitude, lng, lat) <= radius;
    });
  }
  return tests;
}

/** The predicate for a filter list, or null when the list filters nothing. */
export function compileFilters(filters: readonly UserFilter[]): EventPredicate | null {
  const tests: EventPredicate[] = [];
  filters.forEach((filter, index) => tests.push(...compileOne(filter, index)));
  if (tests.length === 0) return null;
  if (tests.length === 1) return tests[0]!;
  return (e) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(e)) return false;
    return true;
  };
}
