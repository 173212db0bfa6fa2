/**
 * The world at the start of a run, drawn from WorldSettings and a seeded generator: the events in the
 * cache and the users connected. Events and viewports are placed by the same rule (uniformly over the
 * area, or around weighted hotspots), so users look where events are, as on a real map.
 */
import type { Viewport } from '../batcher/ports.js';
import type { SeededRandom } from '../random/seeded-random.js';
import type { EventStatus, SimEvent } from './event.js';
import type { UserFilter } from './filter.js';
import type { WorldSettings } from './settings.js';

/** The simulation's calendar starts here (event dates are on it); 2025-01-01T00:00:00Z. */
export const CALENDAR_START_MS = Date.UTC(2025, 0, 1);
/** Initial events take place within this many ms from the calendar start. */
export const CALENDAR_SPAN_MS = 30 * 24 * 3600 * 1000;

const HOUR_MS = 3600 * 1000;

export function initialUserId(index: number): string {
  return `u${index}`;
}

export function initialEventId(index: number): string {
  return `e${index}`;
}

export interface InitialUser {
  userId: string;
  viewport: Viewport | null;
  filters: UserFilter[];
}

/** A point in the area: around a hotspot picked by weight, or uniform when there are none. */
export function drawLocation(settings: WorldSettings, random: SeededRandom): [number, number] {
  const { area } = settings;
  const hotspots = settings.users.hotspots;
  if (hotspots.length === 0) return [random.between(area.minX, area.maxX), random.between(area.minY, area.maxY)];
  let total = 0;
  for (const hotspot of hotspots) total += Math.max(0, hotspot.weight);
  let target = random.float() * total;
  let chosen = hotspots[hotspots.length - 1]!;
  for (const hotspot of hotspots) {
    target -= Math.max(0, hotspot.weight);
    if (target < 0) {
      chosen = hotspot;
      break;
    }
  }
  // Uniform in the disc (sqrt for an even density), clamped to the area.
  const r = chosen.radiusDeg * Math.sqrt(random.float());
  const angle = 2 * Math.PI * random.float();
  const lng = Math.min(area.maxX, Math.max(area.minX, chosen.lng + r * Math.cos(angle)));
  const lat = Math.min(area.maxY, Math.max(area.minY, chosen.lat + r * Math.sin(angle)));
  return [lng, lat];
}

export function drawViewport(settings: WorldSettings, random: SeededRandom): Viewport {
  const [lng, lat] = drawLocation(settings, random);
  const { min, max } = settings.users.viewportSizeDeg;
  const width = random.between(min, max);
  const height = random.between(min, max);
  return { minX: lng - width / 2, minY: lat - height / 2, maxX: lng + width / 2, maxY: lat + height / 2 };
}

function pickSome<T>(items: readonly T[], most: number, random: SeededRandom): T[] {
  const count = 1 + random.int(Math.min(most, items.length));
  const pool = [...items];
  const picked: T[] = [];
  for (let i = 0; i < count && pool.length > 0; i++) picked.push(pool.splice(random.int(pool.length), 1)[0]!);
  return picked;
}

/** One filter with one to three criteria, of the kinds the field notes list. */
export function drawFilter(settings: WorldSettings, viewport: Viewport | null, random: SeededRandom): UserFilter {
  const filter: UserFilter = {};
  const kinds = ['statuses', 'categories', 'dateRange', 'location'] as const;
  const wanted = pickSome(kinds, 3, random);
  for (const kind of wanted) {
    if (kind === 'statuses' && settings.events.statuses.length > 0) {
      filter.statuses = pickSome(settings.events.statuses, settings.events.statuses.length, random);
    } else if (kind === 'categories' && settings.events.categories.length > 0) {
      filter.categories = pickSome(settings.events.categories, 3, random);
    } else if (kind === 'dateRange') {
      const start = CALENDAR_START_MS + random.between(0, CALENDAR_SPAN_MS * 0.7);
      filter.dateRange = { start, end: start + random.between(3, 14) * 24 * HOUR_MS };
    } else if (kind === 'location') {
      const [lng, lat] =
        viewport === null ? drawLocation(settings, random) : [(viewport.minX + viewport.maxX) / 2, (viewport.minY + viewport.maxY) / 2];
      filter.location = { latitude: lat, longitude: lng, radius: random.between(2_000, 50_000) };
    }
  }
  return filter;
}

export function drawInitialUsers(settings: WorldSettings, random: SeededRandom): InitialUser[] {
  const users: InitialUser[] = [];
  for (let i = 0; i < settings.users.count; i++) {
    const viewport = random.chance(settings.users.withoutViewportShare) ? null : drawViewport(settings, random);
    const filters = random.chance(settings.users.filteredShare) ? [drawFilter(settings, viewport, random)] : [];
    users.push({ userId: initialUserId(i), viewport, filters });
  }
  return users;
}

export function drawEvent(
  id: string,
  settings: WorldSettings,
  random: SeededRandom,
  userCount: number,
): Omit<SimEvent, 'updatedAt' | 'version'> {
  const { events } = settings;
  const eventDate = CALENDAR_START_MS + random.between(0, CALENDAR_SPAN_MS);
  const isPrivate = random.chance(events.privateShare);
  const creatorId = initialUserId(random.int(Math.max(1, userCount)));
  const sharedWith: string[] = [];
  if (isPrivate) for (let k = random.int(4); k > 0; k--) sharedWith.push(initialUserId(random.int(Math.max(1, userCount))));
  const event: Omit<SimEvent, 'updatedAt' | 'version'> = {
    id,
    title: `Event ${id}`,
    location: drawLocation(settings, random),
    eventDate,
    status: events.statuses.length > 0 ? random.pick(events.statuses) : ('VERIFIED' as EventStatus),
    categories: events.categories.length > 0 ? pickSome(events.categories, 3, random) : [],
    isPrivate,
    creatorId,
    sharedWith,
    scanCount: random.int(500),
    saveCount: random.int(100),
  };
  if (random.chance(0.6)) event.endDate = eventDate + random.between(1, 48) * HOUR_MS;
  return event;
}

export function drawInitialEvents(settings: WorldSettings, random: SeededRandom): Omit<SimEvent, 'updatedAt' | 'version'>[] {
  const events: Omit<SimEvent, 'updatedAt' | 'version'>[] = [];
  for (let i = 0; i < settings.events.count; i++) events.push(drawEvent(initialEventId(i), settings, random, settings.users.count));
  return events;
}
