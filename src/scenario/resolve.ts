/**
 * From a validated scenario document to the ResolvedScenario the engine runs: every default filled
 * in, units already converted by the schema, phases given absolute times, arrivals multiplied out,
 * replay traces read and checked. Cross-field rules (a phase that starts after the end, a min above
 * its max, two names for one setting) are checked here and reported like schema problems.
 */
import type { Viewport } from '../batcher/ports.js';
import type { ArrivalShape } from '../workload/arrival.js';
import type { ResolvedPhase } from '../workload/phase.js';
import type { LatencyDistribution, SimulationSettings, WorldSettings } from '../world/settings.js';
import { EVENT_STATUSES } from '../world/event.js';
import type { ScenarioProblem } from './errors.js';
import type { ResolvedBatcherSettings, ResolvedScenario } from './resolved.js';
import type { ArrivalDocument, HotspotDocument, LatencyDocument, PhaseDocument, ScenarioDocument } from './schema.js';
import { BATCHER_ALIASES } from './schema.js';
import { parseTrace } from './trace.js';

/** The defaults of every optional setting, in one place. Times in ms, shares in 0..1, sizes in degrees. */
export const SCENARIO_DEFAULTS = {
  seed: 1,
  clock: 'virtual',
  batcher: {
    strategy: 'hybrid',
    debounceTimeoutMs: 200,
    sweepIntervalMs: 5000,
    maxBatchSize: 100,
    enableBatching: true,
    maxConcurrentProcessing: 16,
    timerMode: 'wheel',
    sweepBatchMode: 'parallel',
  },
  world: {
    /** About 60 km by 55 km: a metropolitan area. */
    area: { minX: 2.0, minY: 48.6, maxX: 2.8, maxY: 49.1 },
    // Viewports of 3 to 13 km hold a few dozen events each; the few users without a viewport (global
    // feed) are the expensive ones, as in production: each event change marks them all.
    users: { count: 1000, withoutViewportShare: 0.01, viewportSizeDeg: { min: 0.03, max: 0.12 }, filteredShare: 0.3 },
    events: {
      count: 3000,
      minCapacity: 10_000,
      categories: ['music', 'sport', 'food', 'art', 'tech', 'market', 'family', 'outdoor'],
      statuses: EVENT_STATUSES,
      privateShare: 0.05,
    },
    resultCap: { viewport: 1000, global: 300 },
  },
  costs: {
    cpuPerProcessingMs: 0.2,
    cpuPerEventMs: 0.002,
    redisRoundTripsPerProcessing: 1,
    redisLatency: { kind: 'lognormal', medianMs: 0.5, sigma: 0.5 },
    viewportWritesPerChange: 2,
    transportLatency: { kind: 'lognormal', medianMs: 2, sigma: 0.5 },
  },
  sampleIntervalMs: 1000,
  stalenessThresholdMs: 5000,
  isolatedMix: { viewport: 0.6, filter: 0.1, event: 0.3 },
  stormMix: { create: 0.2, update: 0.5, move: 0.2, delete: 0.1 },
  panning: { userShare: 0.1, updateRatePerSecond: 10, burstMs: { min: 1000, max: 3000 }, pauseMs: { min: 2000, max: 10_000 }, panSpeedPerSecond: 0.5, zoomPerSecond: 1.5 },
  churn: { disconnectShare: 0.5, reconnectShare: 0.5 },
} as const;

/** What resolving needs from outside: where the file is, and how to read a trace next to it. */
export interface ResolveContext {
  /** Used when the file has no name. */
  defaultName: string;
  sourcePath: string | null;
  /** Resolves a trace path as written in the file to where it can be read. */
  resolveTracePath(path: string): string;
  /** Reads a trace; throws a message (string) for the user when it cannot. */
  readTrace(resolvedPath: string): string;
}

export type ResolveResult = { ok: true; scenario: Omit<ResolvedScenario, 'warnings'> } | { ok: false; problems: PathedProblem[] };

/** A problem at a path of the document (located in the YAML by the loader), or from another file. */
export interface PathedProblem {
  path: PropertyKey[];
  message: string;
  atKey?: boolean;
  /** Problems in a trace carry their own place. */
  external?: ScenarioProblem;
}

function latency(document: LatencyDocument | undefined, fallback: LatencyDistribution): LatencyDistribution {
  if (document === undefined) return fallback;
  if (typeof document === 'number') return { kind: 'fixed', ms: document };
  switch (document.kind) {
    case 'fixed':
      return { kind: 'fixed', ms: document.value };
    case 'uniform':
      return { kind: 'uniform', minMs: document.min, maxMs: document.max };
    case 'normal':
      return { kind: 'normal', meanMs: document.mean, stdDevMs: document.stdDev };
    case 'lognormal':
      return { kind: 'lognormal', medianMs: document.median, sigma: document.sigma };
  }
}

function hotspots(documents: readonly HotspotDocument[] | undefined): WorldSettings['users']['hotspots'] {
  return (documents ?? []).map((h) => ({ lng: h.lng, lat: h.lat, radiusDeg: h.radius, weight: h.weight ?? 1 }));
}

function minMax(value: number | { min: number; max: number } | undefined, fallback: { min: number; max: number }) {
  if (value === undefined) return { ...fallback };
  if (typeof value === 'number') return { min: value, max: value };
  return { min: value.min, max: value.max };
}

function arrival(document: ArrivalDocument, phaseLengthMs: number, multiplier: number): ArrivalShape {
  if (typeof document === 'number') return { shape: 'poisson', ratePerSecond: document * multiplier };
  switch (document.shape) {
    case 'constant':
    case 'poisson':
      return { shape: document.shape, ratePerSecond: document.rate * multiplier };
    case 'ramp':
      return {
        shape: 'ramp',
        fromPerSecond: document.from * multiplier,
        toPerSecond: document.to * multiplier,
        overMs: document.over ?? phaseLengthMs,
        poisson: document.poisson ?? true,
      };
    case 'spike':
      return {
        shape: 'spike',
        basePerSecond: document.base * multiplier,
        peakPerSecond: document.peak * multiplier,
        atMs: document.at,
        forMs: document.duration,
        poisson: document.poisson ?? true,
      };
  }
}

/** Shares as written (missing ones 0 when any is given), scaled to sum to 1. */
function normaliseMix<K extends string>(
  given: Partial<Record<K, number | undefined>> | undefined,
  fallback: Readonly<Record<K, number>>,
  path: PropertyKey[],
  problems: PathedProblem[],
): Record<K, number> {
  const keys = Object.keys(fallback) as K[];
  if (given === undefined) return { ...fallback };
  const raw = {} as Record<K, number>;
  let total = 0;
  for (const key of keys) {
    raw[key] = given[key] ?? 0;
    total += raw[key];
  }
  if (total <= 0) {
    problems.push({ path, message: `the shares add up to 0; give at least one of ${keys.join(', ')} a share above 0` });
    return { ...fallback };
  }
  for (const key of keys) raw[key] /= total;
  return raw;
}

function resolveBatcher(document: ScenarioDocument['batcher'], problems: PathedProblem[]): ResolvedBatcherSettings {
  const b = document ?? {};
  const d = SCENARIO_DEFAULTS.batcher;
  for (const [friendly, designName] of BATCHER_ALIASES) {
    const record = b as Record<string, unknown>;
    if (record[friendly] !== undefined && record[designName] !== undefined) {
      problems.push({
        path: ['batcher', designName],
        atKey: true,
        message: `"${designName}" and "${friendly}" are the same setting; keep one`,
      });
    }
  }
  const sweepIntervalMs = b.sweep ?? b.sweepIntervalMs ?? d.sweepIntervalMs;
  return {
    strategy: b.strategy ?? d.strategy,
    debounceTimeoutMs: b.debounce ?? b.debounceTimeoutMs ?? d.debounceTimeoutMs,
    sweepIntervalMs,
    maxBatchSize: b.maxBatchSize ?? d.maxBatchSize,
    enableBatching: b.enableBatching ?? d.enableBatching,
    maxWaitMs: b.maxWait ?? b.maxWaitMs ?? sweepIntervalMs,
    maxConcurrentProcessing: b.maxConcurrentProcessing ?? d.maxConcurrentProcessing,
    timerMode: b.timerMode ?? d.timerMode,
    sweepBatchMode: b.sweepBatchMode ?? d.sweepBatchMode,
  };
}

function resolveWorld(document: ScenarioDocument['world'], problems: PathedProblem[]): WorldSettings {
  const w = document ?? {};
  const d = SCENARIO_DEFAULTS.world;
  let area: Viewport = { ...d.area };
  if (w.area !== undefined) {
    area = { minX: w.area.west, minY: w.area.south, maxX: w.area.east, maxY: w.area.north };
    if (!(area.minX < area.maxX)) problems.push({ path: ['world', 'area', 'east'], message: `east (${area.maxX}) must be greater than west (${area.minX}); areas do not wrap the antimeridian` });
    if (!(area.minY < area.maxY)) problems.push({ path: ['world', 'area', 'north'], message: `north (${area.maxY}) must be greater than south (${area.minY})` });
  }
  const viewportSizeDeg = minMax(w.users?.viewportSize, d.users.viewportSizeDeg);
  if (viewportSizeDeg.min > viewportSizeDeg.max) {
    problems.push({ path: ['world', 'users', 'viewportSize', 'min'], message: `min (${viewportSizeDeg.min}deg) is above max (${viewportSizeDeg.max}deg)` });
  }
  const eventCount = w.events?.count ?? d.events.count;
  const capacity = w.events?.capacity ?? Math.max(d.events.minCapacity, 2 * eventCount);
  if (capacity < eventCount) {
    problems.push({ path: ['world', 'events', 'capacity'], message: `capacity ${capacity} is below the ${eventCount} events the world starts with` });
  }
  return {
    area,
    users: {
      count: w.users?.count ?? d.users.count,
      withoutViewportShare: w.users?.withoutViewport ?? d.users.withoutViewportShare,
      viewportSizeDeg,
      filteredShare: w.users?.filtered ?? d.users.filteredShare,
      hotspots: hotspots(w.users?.hotspots),
    },
    events: {
      count: eventCount,
      capacity,
      categories: w.events?.categories ?? [...d.events.categories],
      statuses: w.events?.statuses ?? [...d.events.statuses],
      privateShare: w.events?.private ?? d.events.privateShare,
    },
    resultCap: {
      viewport: w.resultCap?.viewport ?? d.resultCap.viewport,
      global: w.resultCap?.global ?? d.resultCap.global,
    },
  };
}

function resolveSimulation(document: ScenarioDocument, problems: PathedProblem[]): SimulationSettings {
  const c = document.costs ?? {};
  const d = SCENARIO_DEFAULTS.costs;
  const f = document.faults ?? {};
  return {
    world: resolveWorld(document.world, problems),
    costs: {
      cpuPerProcessingMs: c.cpuPerProcessing ?? d.cpuPerProcessingMs,
      cpuPerEventMs: c.cpuPerEvent ?? d.cpuPerEventMs,
      redisRoundTripsPerProcessing: c.redisRoundTrips ?? d.redisRoundTripsPerProcessing,
      redisLatency: latency(c.redisLatency, { ...d.redisLatency }),
      viewportWritesPerChange: c.viewportWrites ?? d.viewportWritesPerChange,
      transportLatency: latency(c.transportLatency, { ...d.transportLatency }),
    },
    faults: {
      sendFailureRate: f.sendFailureRate ?? 0,
      outages: (f.outages ?? []).map((outage) => ({ startMs: outage.start, endMs: outage.start + outage.duration })),
      filterErrorRate: f.filterErrorRate ?? 0,
    },
  };
}

function resolvePhase(
  phase: PhaseDocument,
  index: number,
  name: string,
  durationMs: number,
  world: WorldSettings,
  context: ResolveContext,
  problems: PathedProblem[],
): ResolvedPhase | null {
  const path = ['workload', index];
  const startMs = phase.start ?? 0;
  if (startMs >= durationMs) {
    problems.push({ path: [...path, 'start'], message: `starts at ${startMs} ms, at or after the end of the scenario (${durationMs} ms)` });
    return null;
  }
  const endMs = Math.min(durationMs, phase.duration === undefined ? durationMs : startMs + phase.duration);
  const base = { name, startMs, endMs };
  const lengthMs = endMs - startMs;
  switch (phase.type) {
    case 'isolated':
      return {
        ...base,
        type: 'isolated',
        arrival: arrival(phase.arrival, lengthMs, phase.perUser === true ? world.users.count : 1),
        mix: normaliseMix(phase.mix, SCENARIO_DEFAULTS.isolatedMix, [...path, 'mix'], problems),
      };
    case 'panning': {
      const d = SCENARIO_DEFAULTS.panning;
      const burstMs = minMax(phase.burst, d.burstMs);
      const pauseMs = minMax(phase.pause, d.pauseMs);
      if (burstMs.min > burstMs.max) problems.push({ path: [...path, 'burst', 'min'], message: `min (${burstMs.min} ms) is above max (${burstMs.max} ms)` });
      if (pauseMs.min > pauseMs.max) problems.push({ path: [...path, 'pause', 'min'], message: `min (${pauseMs.min} ms) is above max (${pauseMs.max} ms)` });
      return {
        ...base,
        type: 'panning',
        userShare: phase.users ?? d.userShare,
        updateRatePerSecond: phase.frequency ?? d.updateRatePerSecond,
        burstMs,
        pauseMs,
        panSpeedPerSecond: phase.speed ?? d.panSpeedPerSecond,
        zoomPerSecond: phase.zoom ?? d.zoomPerSecond,
        arrival: phase.arrival === undefined ? null : arrival(phase.arrival, lengthMs, 1),
      };
    }
    case 'storm':
      return {
        ...base,
        type: 'storm',
        arrival: arrival(phase.arrival, lengthMs, 1),
        mix: normaliseMix(phase.mix, SCENARIO_DEFAULTS.stormMix, [...path, 'mix'], problems),
        hotspots: phase.hotspots === 'world' ? world.users.hotspots : hotspots(phase.hotspots),
        target: phase.target ?? 'any',
      };
    case 'cleanup': {
      if (phase.at !== undefined && phase.arrival !== undefined) {
        problems.push({ path: [...path, 'arrival'], atKey: true, message: 'give "at" or "arrival", not both' });
        return null;
      }
      const offsets = phase.at === undefined ? [0] : typeof phase.at === 'number' ? [phase.at] : phase.at;
      const atMs = offsets.map((offset) => startMs + offset).sort((a, b) => a - b);
      offsets.forEach((offset, i) => {
        if (startMs + offset >= endMs) {
          const atPath = typeof phase.at === 'object' ? [...path, 'at', i] : [...path, 'at'];
          problems.push({ path: atPath, message: `${offset} ms after the phase start is at or after the phase end (${endMs} ms)` });
        }
      });
      return { ...base, type: 'cleanup', atMs, arrival: phase.arrival === undefined ? null : arrival(phase.arrival, lengthMs, 1) };
    }
    case 'churn': {
      const d = SCENARIO_DEFAULTS.churn;
      return {
        ...base,
        type: 'churn',
        arrival: arrival(phase.arrival, lengthMs, 1),
        disconnectShare: phase.disconnect ?? d.disconnectShare,
        reconnectShare: phase.reconnect ?? d.reconnectShare,
      };
    }
    case 'replay': {
      const tracePath = context.resolveTracePath(phase.trace);
      let text: string;
      try {
        text = context.readTrace(tracePath);
      } catch (error) {
        problems.push({ path: [...path, 'trace'], message: typeof error === 'string' ? error : `cannot read ${tracePath}` });
        return null;
      }
      const trace = parseTrace(text, tracePath);
      for (const problem of trace.problems) problems.push({ path: [...path, 'trace'], message: problem.message, external: problem });
      return { ...base, type: 'replay', tracePath, changes: trace.changes, timeScale: phase.timeScale ?? 1 };
    }
  }
}

/** Phase names as written, or the type (numbered when a type repeats); written names must be unique. */
function phaseNames(phases: readonly PhaseDocument[], problems: PathedProblem[]): string[] {
  const written = new Map<string, number>();
  phases.forEach((phase, index) => {
    if (phase.name === undefined) return;
    const first = written.get(phase.name);
    if (first !== undefined) {
      problems.push({ path: ['workload', index, 'name'], message: `"${phase.name}" is already the name of workload[${first}]; names must be unique` });
    } else {
      written.set(phase.name, index);
    }
  });
  const taken = new Set(written.keys());
  const typeCounts = new Map<string, number>();
  for (const phase of phases) typeCounts.set(phase.type, (typeCounts.get(phase.type) ?? 0) + 1);
  const used = new Map<string, number>();
  return phases.map((phase) => {
    if (phase.name !== undefined) return phase.name;
    if (typeCounts.get(phase.type) === 1 && !taken.has(phase.type)) return phase.type;
    let n = used.get(phase.type) ?? 0;
    let candidate: string;
    do {
      n++;
      candidate = `${phase.type}-${n}`;
    } while (taken.has(candidate));
    used.set(phase.type, n);
    taken.add(candidate);
    return candidate;
  });
}

export function resolveScenario(document: ScenarioDocument, context: ResolveContext): ResolveResult {
  const problems: PathedProblem[] = [];
  const batcher = resolveBatcher(document.batcher, problems);
  const simulation = resolveSimulation(document, problems);
  const names = phaseNames(document.workload, problems);
  const workload: ResolvedPhase[] = [];
  document.workload.forEach((phase, index) => {
    const resolved = resolvePhase(phase, index, names[index] ?? phase.type, document.duration, simulation.world, context, problems);
    if (resolved !== null) workload.push(resolved);
  });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    scenario: {
      name: document.name ?? context.defaultName,
      description: document.description ?? '',
      seed: document.seed ?? SCENARIO_DEFAULTS.seed,
      durationMs: document.duration,
      clock: document.clock ?? SCENARIO_DEFAULTS.clock,
      batcher,
      simulation,
      workload,
      expect: document.expect ?? [],
      sampleIntervalMs: document.metrics?.sampleInterval ?? SCENARIO_DEFAULTS.sampleIntervalMs,
      stalenessThresholdMs: document.metrics?.stalenessThreshold ?? SCENARIO_DEFAULTS.stalenessThresholdMs,
      sourcePath: context.sourcePath,
    },
  };
}
