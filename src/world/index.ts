/** The simulated world's public face: the facade, its settings and change types, and the oracle. */
export { World } from './world.js';
export type { WorldOptions, WorldStats, PendingWork, WorldBatcher } from './world.js';
export type { Change, ChangeType, EventRef } from './change.js';
export type { SimEvent, EventPatch, EventStatus, LngLat } from './event.js';
export { EVENT_STATUSES } from './event.js';
export type { UserFilter } from './filter.js';
export type { SimulationSettings, WorldSettings, CostSettings, FaultSettings, LatencyDistribution } from './settings.js';
export type { CachedEvent } from './cached-event.js';
export type { ChangeLatencySink } from './latency-sink.js';
export type { ConsistencyOptions } from './consistency.js';
export type { SpatialIndexKind } from './spatial/spatial-index.js';
export { initialUserId, initialEventId, CALENDAR_START_MS, CALENDAR_SPAN_MS } from './population.js';
