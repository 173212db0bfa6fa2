/**
 * A seeded stream of random world changes for tests (the real workloads live in src/workload): users
 * pan, filter, connect and disconnect; events are created, updated, moved (often far) and deleted.
 */
import type { Viewport } from '../../../src/batcher/ports.js';
import { SeededRandom } from '../../../src/random/seeded-random.js';
import type { Change } from '../../../src/world/change.js';
import type { SimulationSettings } from '../../../src/world/settings.js';
import { drawEvent, drawFilter, drawLocation, drawViewport, initialUserId } from '../../../src/world/population.js';

export interface RandomChangeOptions {
  settings: SimulationSettings;
  seed: number;
  count: number;
  startMs: number;
  /** Mean gap between changes. */
  meanGapMs: number;
  /** Relative weights of the change kinds. */
  mix?: Partial<Record<Change['type'], number>>;
}

const DEFAULT_MIX: Record<Change['type'], number> = {
  connect: 1,
  disconnect: 1,
  viewport: 6,
  filter: 1,
  'event-create': 2,
  'event-update': 3,
  'event-move': 3,
  'event-delete': 1,
  'cache-reload': 0,
};

export function randomChanges(options: RandomChangeOptions): Change[] {
  const random = new SeededRandom(options.seed);
  const world = options.settings.world;
  const mix = { ...DEFAULT_MIX, ...options.mix };
  const kinds = Object.keys(mix) as Change['type'][];
  const total = kinds.reduce((sum, k) => sum + mix[k], 0);
  const userCount = Math.max(1, world.users.count);
  const changes: Change[] = [];
  let t = options.startMs;
  let created = 0;
  let extraUsers = 0;
  for (let i = 0; i < options.count; i++) {
    t += random.exponential(options.meanGapMs);
    let target = random.float() * total;
    let kind: Change['type'] = kinds[0]!;
    for (const k of kinds) {
      target -= mix[k];
      if (target < 0) {
        kind = k;
        break;
      }
    }
    const someUser = () => (random.chance(0.9) || extraUsers === 0 ? initialUserId(random.int(userCount)) : `x${random.int(extraUsers)}`);
    switch (kind) {
      case 'connect': {
        const viewport: Viewport | null = random.chance(0.1) ? null : drawViewport(world, random);
        changes.push({ type: 'connect', atMs: t, userId: `x${extraUsers++}`, viewport, filters: [] });
        break;
      }
      case 'disconnect':
        changes.push({ type: 'disconnect', atMs: t, userId: someUser() });
        break;
      case 'viewport':
        changes.push({ type: 'viewport', atMs: t, userId: someUser(), viewport: drawViewport(world, random) });
        break;
      case 'filter':
        changes.push({ type: 'filter', atMs: t, userId: someUser(), filters: random.chance(0.5) ? [] : [drawFilter(world, null, random)] });
        break;
      case 'event-create':
        changes.push({ type: 'event-create', atMs: t, event: drawEvent(`n${created++}`, world, random, userCount) });
        break;
      case 'event-update':
        changes.push({ type: 'event-update', atMs: t, event: { pick: random.float() }, patch: { scanCount: random.int(1000), status: random.chance(0.5) ? 'VERIFIED' : 'PENDING' } });
        break;
      case 'event-move':
        changes.push({ type: 'event-move', atMs: t, event: { pick: random.float() }, location: drawLocation(world, random) });
        break;
      case 'event-delete':
        changes.push({ type: 'event-delete', atMs: t, event: { pick: random.float() } });
        break;
      case 'cache-reload':
        changes.push({ type: 'cache-reload', atMs: t });
        break;
    }
  }
  return changes;
}
