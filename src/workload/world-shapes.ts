/**
 * Viewports, filters, locations and events shaped like the world's own population (the world's
 * drawing rules are reused, so generated changes look like the users and events they land on), plus
 * what only workloads need: points around a storm's own hotspots, and boxes kept inside the area.
 * Every draw comes from the random stream passed in.
 */
import type { Viewport } from '../batcher/ports.js';
import type { SeededRandom } from '../random/seeded-random.js';
import type { LngLat, SimEvent } from '../world/event.js';
import type { UserFilter } from '../world/filter.js';
import { drawEvent, drawFilter, drawViewport } from '../world/population.js';
import type { WorldSettings } from '../world/settings.js';

export type Hotspot = WorldSettings['users']['hotspots'][number];

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

/** A viewport as the world gives its users: placed like them, sized within the world's range. */
export function randomViewport(world: WorldSettings, random: SeededRandom): Viewport {
  return drawViewport(world, random);
}

/** A user's new filter list: sometimes cleared (no filter), otherwise one filter drawn as the world draws them. */
export function randomFilters(world: WorldSettings, random: SeededRandom): UserFilter[] {
  if (random.chance(0.3)) return [];
  return [drawFilter(world, null, random)];
}

/** A new event drawn as the world draws its own, placed at `location`. */
export function newEvent(
  id: string,
  location: LngLat,
  world: WorldSettings,
  random: SeededRandom,
): Omit<SimEvent, 'updatedAt' | 'version'> {
  return { ...drawEvent(id, world, random, world.users.count), location };
}
