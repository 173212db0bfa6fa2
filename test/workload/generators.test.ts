import { describe, expect, it } from 'vitest';
import type { ChurnPhase, CleanupPhase, IsolatedPhase, PanningPhase, ReplayPhase, ResolvedPhase, StormPhase } from '../../src/workload/phase.js';
import { generateChurn } from '../../src/workload/churn.js';
import { generateCleanup } from '../../src/workload/cleanup.js';
import { generateIsolated } from '../../src/workload/isolated.js';
import { generatePanning } from '../../src/workload/panning.js';
import { generatePhase, WORKLOAD_GENERATORS, WORKLOAD_TYPES } from '../../src/workload/registry.js';
import { generateReplay } from '../../src/workload/replay.js';
import { generateStorm } from '../../src/workload/storm.js';
import { PHASE_TYPE_NAMES } from '../../src/scenario/schema.js';
import type { Change } from '../../src/world/change.js';
import { contextFor, smallWorld, take, times } from './fixtures.js';

const EVERY_100_MS = { shape: 'constant', ratePerSecond: 10 } as const;
const WINDOW = { startMs: 0, endMs: 1000 };
const HUNDREDS = [100, 200, 300, 400, 500, 600, 700, 800, 900];

function isolated(mix: IsolatedPhase['mix']): IsolatedPhase {
  return { name: 'isolated', type: 'isolated', ...WINDOW, arrival: EVERY_100_MS, mix };
}

describe('isolated', () => {
  it('changes one random user viewport at each arrival', () => {
    const changes = take(generateIsolated(isolated({ viewport: 1, filter: 0, event: 0 }), contextFor()));
    expect(times(changes)).toEqual(HUNDREDS);
    for (const change of changes) {
      expect(change.type).toBe('viewport');
      if (change.type !== 'viewport') continue;
      expect(change.userId).toMatch(/^u[0-9]$/);
      expect(change.viewport).not.toBeNull();
    }
    expect(new Set(changes.map((c) => (c.type === 'viewport' ? c.userId : ''))).size).toBeGreaterThan(3);
  });

  it('changes filters or updates single events by the mix', () => {
    const filters = take(generateIsolated(isolated({ viewport: 0, filter: 1, event: 0 }), contextFor()));
    expect(filters.map((c) => c.type)).toEqual(HUNDREDS.map(() => 'filter'));
    const events = take(generateIsolated(isolated({ viewport: 0, filter: 0, event: 1 }), contextFor()));
    for (const change of events) {
      expect(change.type).toBe('event-update');
      if (change.type !== 'event-update') continue;
      expect('pick' in change.event && change.event.pick >= 0 && change.event.pick < 1).toBe(true);
      expect(Object.keys(change.patch)).toHaveLength(1);
    }
  });

  it('only touches events when nobody is connected', () => {
    const changes = take(generateIsolated(isolated({ viewport: 0.5, filter: 0.5, event: 0 }), contextFor(smallWorld({ count: 0 }))));
    expect(changes.map((c) => c.type)).toEqual(HUNDREDS.map(() => 'event-update'));
  });
});

describe('panning', () => {
  const base: PanningPhase = {
    name: 'panning',
    type: 'panning',
    startMs: 0,
    endMs: 3000,
    userShare: 1,
    updateRatePerSecond: 10,
    burstMs: { min: 500, max: 500 },
    pauseMs: { min: 1000, max: 1000 },
    panSpeedPerSecond: 1,
    zoomPerSecond: 1.5,
    arrival: null,
  };

  it('with an arrival shape: a burst at 10 Hz for its length at each arrival', () => {
    const phase: PanningPhase = { ...base, arrival: { shape: 'constant', ratePerSecond: 1 } };
    const changes = take(generatePanning(phase, contextFor(smallWorld({ count: 1 }))));
    expect(times(changes)).toEqual([1000, 1100, 1200, 1300, 1400, 2000, 2100, 2200, 2300, 2400]);
    expect(changes.every((c) => c.type === 'viewport' && c.userId === 'u0')).toBe(true);
  });

  it('drops a burst that lands on a user already panning', () => {
    const phase: PanningPhase = { ...base, burstMs: { min: 1500, max: 1500 }, arrival: { shape: 'constant', ratePerSecond: 1 } };
    const changes = take(generatePanning(phase, contextFor(smallWorld({ count: 1 }))));
    // The burst at 1000 runs to 2500; the arrival at 2000 finds the user busy.
    expect(times(changes)).toEqual(Array.from({ length: 15 }, (_, i) => 1000 + 100 * i));
  });

  it('cycling: bursts at the update rate separated by the pause, the box gliding and zooming within the world', () => {
    const world = smallWorld({ count: 1 });
    const changes = take(generatePanning({ ...base, endMs: 20_000 }, contextFor(world)));
    const at = times(changes);
    const gaps = at.slice(1).map((t, i) => Math.round((t - at[i]!) * 1e6) / 1e6);
    // Within a burst 100 ms apart; between bursts the pause plus what was left of the last interval.
    expect(new Set(gaps)).toEqual(new Set([100, 1100]));
    expect(at.length).toBeGreaterThanOrEqual(60);
    for (let i = 1; i < changes.length; i++) {
      const previous = changes[i - 1]!;
      const current = changes[i]!;
      if (previous.type !== 'viewport' || current.type !== 'viewport' || previous.viewport === null || current.viewport === null) {
        throw new Error('panning must only move viewports');
      }
      const v = current.viewport;
      expect(v.minX).toBeGreaterThanOrEqual(world.area.minX);
      expect(v.maxY).toBeLessThanOrEqual(world.area.maxY);
      expect(v.maxX - v.minX).toBeGreaterThanOrEqual(0.05 - 1e-12);
      expect(v.maxX - v.minX).toBeLessThanOrEqual(0.1 + 1e-12);
      if (gaps[i - 1] === 100) {
        // A glide, not a jump: at one width per second the centre moves at most ~0.1 width per update.
        expect(Math.abs((v.minX + v.maxX) / 2 - (previous.viewport.minX + previous.viewport.maxX) / 2)).toBeLessThan(0.02);
      }
    }
  });

  it('picks the share of users who pan', () => {
    const changes = take(generatePanning({ ...base, userShare: 0.3, endMs: 30_000 }, contextFor(smallWorld({ count: 1000 }))));
    const panners = new Set(changes.map((c) => (c.type === 'viewport' ? c.userId : '')));
    expect(panners.size).toBeGreaterThan(240);
    expect(panners.size).toBeLessThan(360);
  });
});

describe('storm', () => {
  const base: StormPhase = {
    name: 'storm',
    type: 'storm',
    ...WINDOW,
    arrival: EVERY_100_MS,
    mix: { create: 1, update: 0, move: 0, delete: 0 },
    hotspots: [{ lng: 2.5, lat: 48.5, radiusDeg: 0.01, weight: 1 }],
    target: 'any',
  };

  it('creates events at the arrivals, named after the phase, inside its hotspots', () => {
    const changes = take(generateStorm(base, contextFor()));
    expect(times(changes)).toEqual(HUNDREDS);
    changes.forEach((change, i) => {
      if (change.type !== 'event-create') throw new Error(`expected a creation, got ${change.type}`);
      expect(change.event.id).toBe(`storm-event-${i}`);
      const [lng, lat] = change.event.location;
      expect(Math.hypot(lng - 2.5, lat - 48.5)).toBeLessThanOrEqual(0.01 + 1e-12);
    });
  });

  it('updates, moves and deletes any live event by default', () => {
    const changes = take(generateStorm({ ...base, mix: { create: 0, update: 0.4, move: 0.3, delete: 0.3 }, endMs: 10_000 }, contextFor()));
    expect(new Set(changes.map((c) => c.type))).toEqual(new Set(['event-update', 'event-move', 'event-delete']));
    for (const change of changes) {
      if (change.type === 'event-create' || change.type === 'cache-reload' || !('event' in change)) continue;
      expect('pick' in change.event).toBe(true);
    }
  });

  it('with target: created, hits only events it created and never one it deleted', () => {
    const changes = take(
      generateStorm({ ...base, mix: { create: 0.5, update: 0.2, move: 0.1, delete: 0.2 }, target: 'created', endMs: 20_000 }, contextFor()),
    );
    const live = new Set<string>();
    let firstCreated = false;
    for (const change of changes) {
      if (change.type === 'event-create') {
        live.add(change.event.id);
        firstCreated = true;
        continue;
      }
      if (!('event' in change) || !firstCreated) continue;
      if (!('id' in change.event)) throw new Error('a storm with created events must target them by id');
      expect(live.has(change.event.id)).toBe(true);
      if (change.type === 'event-delete') live.delete(change.event.id);
    }
    expect(changes.length).toBeGreaterThan(150);
  });
});

describe('cleanup', () => {
  it('runs at the given times inside the phase', () => {
    const phase: CleanupPhase = { name: 'cleanup', type: 'cleanup', startMs: 100, endMs: 1000, atMs: [100, 500], arrival: null };
    expect(take(generateCleanup(phase, contextFor()))).toEqual([
      { type: 'cache-reload', atMs: 100 },
      { type: 'cache-reload', atMs: 500 },
    ]);
  });

  it('or at the arrivals of a shape', () => {
    const phase: CleanupPhase = { name: 'cleanup', type: 'cleanup', startMs: 0, endMs: 180_000, atMs: [0], arrival: { shape: 'constant', ratePerSecond: 1 / 60 } };
    expect(times(take(generateCleanup(phase, contextFor())))).toEqual([60_000, 120_000]);
  });
});

describe('churn', () => {
  const base: ChurnPhase = { name: 'churn', type: 'churn', ...WINDOW, arrival: EVERY_100_MS, disconnectShare: 1, reconnectShare: 0 };

  it('disconnects distinct connected users, then has nobody left to disconnect', () => {
    const changes = take(generateChurn(base, contextFor(smallWorld({ count: 5 }))));
    expect(times(changes)).toEqual(HUNDREDS);
    const firstFive = changes.slice(0, 5);
    expect(firstFive.every((c) => c.type === 'disconnect')).toBe(true);
    expect(new Set(firstFive.map((c) => (c.type === 'disconnect' ? c.userId : ''))).size).toBe(5);
    // With everyone gone an arrival can only connect someone, who is the next to go.
    expect(changes.slice(5).map((c) => `${c.type} ${'userId' in c ? c.userId : ''}`)).toEqual([
      'connect churn-user-0',
      'disconnect churn-user-0',
      'connect churn-user-1',
      'disconnect churn-user-1',
    ]);
  });

  it('connects new users shaped like the population, or brings back those it disconnected', () => {
    const fresh = take(generateChurn({ ...base, disconnectShare: 0 }, contextFor()));
    expect(fresh.map((c) => (c.type === 'connect' ? c.userId : c.type))).toEqual(HUNDREDS.map((_, i) => `churn-user-${i}`));
    const back = take(generateChurn({ ...base, endMs: 10_000, disconnectShare: 0.5, reconnectShare: 1 }, contextFor()));
    const gone = new Set<string>();
    for (const change of back) {
      if (change.type === 'disconnect') gone.add(change.userId);
      if (change.type === 'connect' && !change.userId.startsWith('churn-user-')) {
        expect(gone.has(change.userId)).toBe(true);
        gone.delete(change.userId);
      }
    }
  });
});

describe('replay', () => {
  it('plays the trace from the phase start, scaled, cut at the phase end', () => {
    const trace: Change[] = [
      { type: 'cache-reload', atMs: 0 },
      { type: 'disconnect', atMs: 100, userId: 'u1' },
      { type: 'cache-reload', atMs: 400 },
      { type: 'cache-reload', atMs: 1000 },
    ];
    const phase: ReplayPhase = { name: 'replay', type: 'replay', startMs: 1000, endMs: 2000, tracePath: 't.jsonl', changes: trace, timeScale: 2 };
    expect(take(generateReplay(phase, contextFor()))).toEqual([
      { type: 'cache-reload', atMs: 1000 },
      { type: 'disconnect', atMs: 1200, userId: 'u1' },
      { type: 'cache-reload', atMs: 1800 },
    ]);
  });
});

describe('the registry', () => {
  it('has a generator for every type the scenario format knows, and no other', () => {
    expect([...WORKLOAD_TYPES].sort()).toEqual([...PHASE_TYPE_NAMES].sort());
    for (const type of PHASE_TYPE_NAMES) expect(typeof WORKLOAD_GENERATORS[type]).toBe('function');
  });

  const phases: ResolvedPhase[] = [
    { name: 'i', type: 'isolated', startMs: 500, endMs: 20_000, arrival: { shape: 'poisson', ratePerSecond: 50 }, mix: { viewport: 0.5, filter: 0.2, event: 0.3 } },
    { name: 'p', type: 'panning', startMs: 500, endMs: 20_000, userShare: 0.2, updateRatePerSecond: 15, burstMs: { min: 300, max: 2000 }, pauseMs: { min: 100, max: 3000 }, panSpeedPerSecond: 0.5, zoomPerSecond: 2, arrival: null },
    { name: 's', type: 'storm', startMs: 500, endMs: 20_000, arrival: { shape: 'ramp', fromPerSecond: 10, toPerSecond: 300, overMs: 5000, poisson: true }, mix: { create: 0.25, update: 0.25, move: 0.25, delete: 0.25 }, hotspots: [], target: 'created' },
    { name: 'c', type: 'cleanup', startMs: 500, endMs: 20_000, atMs: [500], arrival: { shape: 'poisson', ratePerSecond: 1 } },
    { name: 'h', type: 'churn', startMs: 500, endMs: 20_000, arrival: { shape: 'spike', basePerSecond: 5, peakPerSecond: 100, atMs: 1000, forMs: 1000, poisson: true }, disconnectShare: 0.5, reconnectShare: 0.5 },
  ];

  it.each(phases.map((phase) => [phase.type, phase] as const))('%s: in time order, inside its window, a pure function of the seed', (_, phase) => {
    const world = smallWorld({ count: 200, filteredShare: 0.5, withoutViewportShare: 0.1 });
    const first = take(generatePhase(phase, contextFor(world, 5)));
    expect(first.length).toBeGreaterThan(10);
    for (let i = 0; i < first.length; i++) {
      expect(first[i]!.atMs).toBeGreaterThanOrEqual(phase.startMs);
      expect(first[i]!.atMs).toBeLessThan(phase.endMs);
      if (i > 0) expect(first[i]!.atMs).toBeGreaterThanOrEqual(first[i - 1]!.atMs);
    }
    expect(take(generatePhase(phase, contextFor(world, 5)))).toEqual(first);
    expect(take(generatePhase(phase, contextFor(world, 6)))).not.toEqual(first);
  });
});
