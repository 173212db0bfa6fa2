import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/random/seeded-random.js';
import { drawInitialEvents, drawInitialUsers } from '../../src/world/population.js';
import { testSettings } from './helpers/settings.js';

const world = testSettings({
  world: {
    users: { count: 2000, withoutViewportShare: 0.1, filteredShare: 0.3, hotspots: [{ lng: 2, lat: 2, radiusDeg: 1, weight: 3 }, { lng: 8, lat: 8, radiusDeg: 0.5, weight: 1 }] },
    events: { count: 3000, privateShare: 0.2 },
  },
}).world;

describe('initial population', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = drawInitialUsers(world, new SeededRandom(5));
    expect(drawInitialUsers(world, new SeededRandom(5))).toEqual(a);
    expect(drawInitialUsers(world, new SeededRandom(6))).not.toEqual(a);
    expect(drawInitialEvents(world, new SeededRandom(5))).toEqual(drawInitialEvents(world, new SeededRandom(5)));
  });

  it('follows the shares, sizes and hotspots of the settings', () => {
    const users = drawInitialUsers(world, new SeededRandom(5));
    expect(users).toHaveLength(2000);
    const global = users.filter((u) => u.viewport === null).length / users.length;
    expect(global).toBeGreaterThan(0.07);
    expect(global).toBeLessThan(0.13);
    const filtered = users.filter((u) => u.filters.length > 0).length / users.length;
    expect(filtered).toBeGreaterThan(0.25);
    expect(filtered).toBeLessThan(0.35);
    for (const { viewport } of users) {
      if (viewport === null) continue;
      expect(viewport.maxX - viewport.minX).toBeGreaterThanOrEqual(1);
      expect(viewport.maxX - viewport.minX).toBeLessThan(2);
    }
    const events = drawInitialEvents(world, new SeededRandom(5));
    const nearFirst = events.filter((e) => Math.hypot(e.location[0] - 2, e.location[1] - 2) <= 1).length / events.length;
    expect(nearFirst).toBeGreaterThan(0.7);
    expect(nearFirst).toBeLessThan(0.8);
    expect(events.filter((e) => e.isPrivate).length / events.length).toBeGreaterThan(0.15);
    expect(new Set(events.map((e) => e.id)).size).toBe(3000);
  });
});
