/**
 * The fully resolved settings of a simulated world, costs and faults: what the scenario loader
 * produces (every default filled in) and what the world is built from. All times in ms.
 */
import type { Viewport } from '../batcher/ports.js';
import type { EventStatus } from './event.js';

export type LatencyDistribution =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'normal'; meanMs: number; stdDevMs: number }
  /** exp(N(ln medianMs, sigma)): the long tail real networks have. */
  | { kind: 'lognormal'; medianMs: number; sigma: number };

export interface WorldSettings {
  /** Where users look and events live. */
  area: Viewport;
  users: {
    /** Users connected at the start. */
    count: number;
    /** Share of users (0..1) with no viewport: they get the global feed. */
    withoutViewportShare: number;
    /** Viewport width and height in degrees, drawn uniformly between min and max. */
    viewportSizeDeg: { min: number; max: number };
    /** Share of users (0..1) that have filters; the rest have none. */
    filteredShare: number;
    /** Where viewports are centred: uniformly over the area, or around hotspots. */
    hotspots: readonly { lng: number; lat: number; radiusDeg: number; weight: number }[];
  };
  events: {
    /** Events in the cache at the start. */
    count: number;
    /** The cache holds at most this many; the oldest is evicted. */
    capacity: number;
    categories: readonly string[];
    statuses: readonly EventStatus[];
    privateShare: number;
  };
  /** Cap on the ranked result per user. */
  resultCap: { viewport: number; global: number };
}

export interface CostSettings {
  /** Synchronous CPU per processed user, spent on the event loop. */
  cpuPerProcessingMs: number;
  /** Additional CPU per event considered while filtering and ranking. */
  cpuPerEventMs: number;
  /** Redis-like round trips per processed user (client info read etc.), awaited, not blocking. */
  redisRoundTripsPerProcessing: number;
  redisLatency: LatencyDistribution;
  /** Redis writes that store a viewport before the user is marked (the field notes say two). */
  viewportWritesPerChange: number;
  /** Publish plus WebSocket forward: from send to the client's receipt. */
  transportLatency: LatencyDistribution;
}

export interface FaultSettings {
  /** Probability (0..1) that one send fails. */
  sendFailureRate: number;
  /** Windows of simulated time in which every send fails. */
  outages: readonly { startMs: number; endMs: number }[];
  /** Probability (0..1) that filtering throws for one processing. */
  filterErrorRate: number;
}

export interface SimulationSettings {
  world: WorldSettings;
  costs: CostSettings;
  faults: FaultSettings;
}
