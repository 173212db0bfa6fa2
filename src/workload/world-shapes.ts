/**
 * Random viewports, filters, locations and events shaped like the world's own (same area, same
 * viewport sizes, same hotspots, same categories), so generated changes look like the population
 * they land on. Every draw comes from the random stream passed in.
 */
import type { Viewport } from '../batcher/ports.js';
import type { SeededRandom } from '../random/seeded-random.js';
import type { LngLat, SimEvent } from '../world/event.js';
import { EVENT_STATUSES } from '../world/event.js';
import type { UserFilter } from '../world/filter.js';
import type { WorldSettings } from '../world/settings.js';

export type Hotspot = WorldSettings['users']['hotspots'][number];

const DAY_MS = 86_400_000;

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/** A point in the area: around a hotspot (picked by weight) when there are any, uniform otherwise. */
export function randomLocation(area: Viewport, hotspots: readonly Hotspot[], random: SeededRandom): LngLat {
  if (hotspots.length > 0) {
    const hotspot = pickHotspot(hotspots, random);
    // Uniform over the disc: the square root keeps the density flat rather than piled at the centre.
    const distance = hotspot.radiusDeg * Math.sqrt(random.float());
    const angle = 2 * Math.PI * random.float();
    return [
      clamp(hotspot.lng + distance * Math.cos(angle), area.minX, area.maxX),
      clamp(hotspot.lat + distance * Math.sin(angle), area.minY, area.maxY),
    ];
  }
  return [random.between(area.minX, area.maxX), random.between(area.minY, area.maxY)];
}

function pickHotspot(hotspots: readonly Hotspot[], random: SeededRandom): Hotspot {
  let total = 0;
  for (const hotspot of hotspots) total += hotspot.weight;
  let draw = random.float() * total;
  for (const hotspot of hotspots) {
    draw -= hotspot.weight;
    if (draw < 0) return hotspot;
  }
  return hotspots[hotspots.length - 1]!;
}

/** A box of the given size centred on a point, kept inside the area. */
export function boxAround(centre: LngLat, widthDeg: number, heightDeg: number, area: Viewport): Viewport {
  const width = Math.min(widthDeg, area.maxX - area.minX);
  const height = Math.min(heightDeg, area.maxY - area.minY);
  const minX = clamp(centre[0] - width / 2, area.minX, area.maxX - width);
  const minY = clamp(centre[1] - height / 2, area.minY, area.maxY - height);
  return { minX, minY, maxX: minX + width, maxY: minY + height };
}

/** A viewport as a newly placed user would have: size within the world's range, placed like users are. */
export function randomViewport(world: WorldSettings, random: SeededRandom): Viewport {
  const { min, max } = world.users.viewportSizeDeg;
  const width = random.between(min, max);
  const height = random.between(min, max);
  return boxAround(randomLocation(world.area, world.users.hotspots, random), width, height, world.area);
}

/**
 * A filter list a user might pick: often none, otherwise one filter on statuses and/or categories.
 * Dates and circles are left to the world's initial population: changing them at random adds noise
 * without exercising anything the batcher sees differently.
 */
export function randomFilters(world: WorldSettings, random: SeededRandom): UserFilter[] {
  if (random.chance(0.4)) return [];
  const filter: { statuses?: UserFilter['statuses']; categories?: UserFilter['categories'] } = {};
  const statuses = world.events.statuses.length > 0 ? world.events.statuses : EVENT_STATUSES;
  if (random.chance(0.6)) {
    const chosen = statuses.filter(() => random.chance(0.5));
    filter.statuses = chosen.length > 0 ? chosen : [random.pick(statuses)];
  }
  if (world.events.categories.length > 0 && (filter.statuses === undefined || random.chance(0.5))) {
    const chosen = world.events.categories.filter(() => random.chance(0.3));
    filter.categories = chosen.length > 0 ? chosen : [random.pick(world.events.categories)];
  }
  if (filter.statuses === undefined && filter.categories === undefined) {
    filter.statuses = [random.pick(statuses)];
  }
  return [filter];
}

/** A new event at a location, as a creation change carries it (the world stamps version and time). */
export function newEvent(
  id: string,
  location: LngLat,
  atMs: number,
  world: WorldSettings,
  random: SeededRandom,
): Omit<SimEvent, 'updatedAt' | 'version'> {
  const statuses = world.events.statuses.length > 0 ? world.events.statuses : EVENT_STATUSES;
  const categories =
    world.events.categories.length > 0 ? world.events.categories.filter(() => random.chance(0.3)) : [];
  const eventDate = Math.round(atMs + random.between(0, 30 * DAY_MS));
  return {
    id,
    title: `Event ${id}`,
    location,
    eventDate,
    endDate: eventDate + Math.round(random.between(1, 8) * 3_600_000),
    status: random.pick(statuses),
    categories,
    isPrivate: random.chance(world.events.privateShare),
    creatorId: `creator-${random.int(1000)}`,
    sharedWith: [],
    scanCount: 0,
    saveCount: 0,
  };
}
