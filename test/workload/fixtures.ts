/** A small world and phase builders for generator tests: every number chosen so schedules are exact. */
import { SeededRandom } from '../../src/random/seeded-random.js';
import type { WorkloadContext } from '../../src/workload/generator.js';
import type { WorldSettings } from '../../src/world/settings.js';
import type { Change } from '../../src/world/change.js';

export function smallWorld(overrides: Partial<WorldSettings['users']> = {}): WorldSettings {
  return {
    area: { minX: 2, minY: 48, maxX: 3, maxY: 49 },
    users: {
      count: 10,
      withoutViewportShare: 0,
      viewportSizeDeg: { min: 0.05, max: 0.1 },
      filteredShare: 0,
      hotspots: [],
      ...overrides,
    },
    events: { count: 20, capacity: 100, categories: ['music', 'sport'], statuses: ['VERIFIED', 'PENDING'], privateShare: 0 },
    resultCap: { viewport: 1000, global: 300 },
  };
}

export function contextFor(world: WorldSettings = smallWorld(), seed = 42, label = 'phase'): WorkloadContext {
  return { world, random: new SeededRandom(seed).fork(label) };
}

export function take(iterator: Iterator<Change, void, undefined>, most = 1_000_000): Change[] {
  const changes: Change[] = [];
  for (let next = iterator.next(); next.done !== true && changes.length < most; next = iterator.next()) changes.push(next.value);
  return changes;
}

export function times(changes: readonly Change[]): number[] {
  return changes.map((change) => change.atMs);
}
