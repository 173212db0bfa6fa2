/** Small, fully resolved simulation settings for world tests; override what a test is about. */
import type { CostSettings, FaultSettings, SimulationSettings, WorldSettings } from '../../../src/world/settings.js';

export interface SettingsOverrides {
  world?: Partial<Omit<WorldSettings, 'users' | 'events'>> & {
    users?: Partial<WorldSettings['users']>;
    events?: Partial<WorldSettings['events']>;
  };
  costs?: Partial<CostSettings>;
  faults?: Partial<FaultSettings>;
}

export function testSettings(overrides: SettingsOverrides = {}): SimulationSettings {
  const w = overrides.world ?? {};
  return {
    world: {
      area: w.area ?? { minX: 0, minY: 0, maxX: 10, maxY: 10 },
      users: {
        count: 0,
        withoutViewportShare: 0,
        viewportSizeDeg: { min: 1, max: 2 },
        filteredShare: 0,
        hotspots: [],
        ...w.users,
      },
      events: {
        count: 0,
        capacity: 100_000,
        categories: ['music', 'sport', 'food'],
        statuses: ['PENDING', 'VERIFIED'],
        privateShare: 0,
        ...w.events,
      },
      resultCap: w.resultCap ?? { viewport: 1000, global: 300 },
    },
    costs: {
      cpuPerProcessingMs: 0,
      cpuPerEventMs: 0,
      redisRoundTripsPerProcessing: 0,
      redisLatency: { kind: 'fixed', ms: 0 },
      viewportWritesPerChange: 0,
      transportLatency: { kind: 'fixed', ms: 0 },
      ...overrides.costs,
    },
    faults: { sendFailureRate: 0, outages: [], filterErrorRate: 0, ...overrides.faults },
  };
}
