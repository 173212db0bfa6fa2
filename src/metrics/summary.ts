/**
 * The run summary: everything one run measured, in one plain object that reporters (table, JSON,
 * JUnit, dashboard) and tests read. All times in ms; percentiles come from HDR histograms recorded
 * at microsecond resolution.
 */
import type { MarkReason } from '../batcher/ports.js';

export interface LatencyStats {
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

export interface RedisCommandCounts {
  viewportWrites: number;
  affectedUserLookups: number;
  reads: number;
  publishes: number;
  total: number;
}

export interface RunCounters {
  /** Calls to markUserAsDirty. */
  marks: number;
  /** Completed processings (sent or failed). */
  processings: number;
  /** processings / marks: the share of marks that cost a processing (lower is more coalescing). */
  processingsPerMark: number;
  /** marks / processings. */
  marksPerProcessing: number;
  noOpDiffs: number;
  messages: number;
  bytes: number;
  /** Processings of a user that covered no mark newer than the previous processing. */
  duplicateProcessings: number;
  duplicateProcessingsAvoided: number;
  errors: number;
  retries: number;
  sweeperRuns: number;
  sweepsSkipped: number;
  debounceTimersFired: number;
  batchesProcessed: number;
  maxDirtyUsers: number;
  maxActiveTimers: number;
  /** Share (0..1) of simulated time the event loop spent on CPU work. */
  cpuBusyFraction: number;
  redisCommands: RedisCommandCounts;
  changesApplied: number;
  usersConnected: number;
  usersDisconnected: number;
}

export interface DivergenceExample {
  userId: string;
  missingIds: string[];
  extraIds: string[];
  staleIds: string[];
}

export interface ConsistencyReport {
  connectedClients: number;
  divergedClients: number;
  examples: DivergenceExample[];
}

export interface StalenessReport {
  /** A client is stale at an instant when it holds a view older than this. */
  thresholdMs: number;
  samples: number;
  maxStaleClients: number;
  meanStaleClients: number;
}

export interface TimeSeriesPoint {
  atMs: number;
  dirtyUsers: number;
  activeTimers: number;
  marksPerSecond: number;
  processingsPerSecond: number;
  /** p99 latency of the deliveries in the sliding window ending here (0 when none). */
  windowP99Ms: number;
}

/**
 * What the simulated world saw beyond the counters. Optional so summaries written before it existed
 * (and hand-built fixtures) still type-check; every run of the engine fills it.
 */
export interface WorldRunDetails {
  /** Sends the transport rejected (failure rate and outages), and those inside an outage. */
  sendFailures: number;
  outageFailures: number;
  /** Processings whose filtering threw (the filterErrorRate fault). */
  filterErrors: number;
  /** Sends of the full list, and sends of per-event messages. */
  fullSends: number;
  opSends: number;
  /** Processings that started while the same user's previous one was still in flight. */
  overlappingProcessings: number;
  /** Changes not visible on their client when the run ended (0 after a full flush). */
  undeliveredChanges: number;
  /** Changes that referred to an absent user or event. */
  changesIgnored: number;
  /** Messages in flight when their client disconnected. */
  deliveriesDropped: number;
  /** Marks made for event changes (one per affected user and change). */
  affectedUserMarks: number;
  eventsCreated: number;
  eventsUpdated: number;
  eventsMoved: number;
  eventsDeleted: number;
  eventsEvicted: number;
  cacheReloads: number;
  connectedUsersAtEnd: number;
  liveEventsAtEnd: number;
}

export interface ExpectationResult {
  /** The assertion as written, e.g. `latency.p99 < 5s`. */
  text: string;
  metric: string;
  operator: '<' | '<=' | '>' | '>=' | '==' | '!=';
  /** The threshold in the metric's unit (ms for times). */
  threshold: number;
  measured: number;
  passed: boolean;
}

export interface RunSummary {
  scenario: {
    name: string;
    description: string;
    seed: number;
    durationMs: number;
    clock: 'virtual' | 'real';
    strategy: string;
    /** The batcher settings in force, by name. */
    settings: Record<string, number | boolean | string | null>;
  };
  counters: RunCounters;
  latency: {
    overall: LatencyStats;
    byReason: Record<MarkReason, LatencyStats>;
  };
  eventLoopLag: LatencyStats;
  staleness: StalenessReport;
  consistency: ConsistencyReport;
  timeSeries: TimeSeriesPoint[];
  world?: WorldRunDetails;
  expectations: ExpectationResult[];
  /** True when every expectation passed and no client diverged. */
  passed: boolean;
  /** Whether the run reached its end or was interrupted. */
  completed: boolean;
  run: {
    /** Wall-clock duration of the run itself. */
    wallMs: number;
    simulatedMs: number;
    /** Simulated ms per wall ms. */
    speed: number;
  };
}

/** The counters' names in the summary's order; reports and expectations list them from here. */
export const COUNTER_NAMES = [
  'marks',
  'processings',
  'processingsPerMark',
  'marksPerProcessing',
  'noOpDiffs',
  'messages',
  'bytes',
  'duplicateProcessings',
  'duplicateProcessingsAvoided',
  'errors',
  'retries',
  'sweeperRuns',
  'sweepsSkipped',
  'debounceTimersFired',
  'batchesProcessed',
  'maxDirtyUsers',
  'maxActiveTimers',
  'cpuBusyFraction',
  'redisCommands',
  'changesApplied',
  'usersConnected',
  'usersDisconnected',
] as const satisfies readonly (keyof RunCounters)[];

/** The counters that are plain numbers (all but the nested redisCommands). */
export type PlainCounterName = Exclude<(typeof COUNTER_NAMES)[number], 'redisCommands'>;
export const PLAIN_COUNTER_NAMES: readonly PlainCounterName[] = COUNTER_NAMES.filter(
  (name): name is PlainCounterName => name !== 'redisCommands',
);

export const REDIS_COMMAND_NAMES = ['viewportWrites', 'affectedUserLookups', 'reads', 'publishes', 'total'] as const satisfies readonly (keyof RedisCommandCounts)[];

export const LATENCY_STAT_NAMES = ['count', 'meanMs', 'p50Ms', 'p90Ms', 'p95Ms', 'p99Ms', 'p999Ms', 'maxMs'] as const satisfies readonly (keyof LatencyStats)[];

/** The statistics a metric name may ask of a latency distribution (`latency.p99`, `eventLoopLag.max`). */
export const LATENCY_STATISTICS = ['count', 'mean', 'p50', 'p90', 'p95', 'p99', 'p999', 'max'] as const;
export type LatencyStatistic = (typeof LATENCY_STATISTICS)[number];

/** Where each statistic is kept in LatencyStats. */
export const LATENCY_STATISTIC_FIELDS: Readonly<Record<LatencyStatistic, keyof LatencyStats>> = {
  count: 'count',
  mean: 'meanMs',
  p50: 'p50Ms',
  p90: 'p90Ms',
  p95: 'p95Ms',
  p99: 'p99Ms',
  p999: 'p999Ms',
  max: 'maxMs',
};

export function readLatencyStatistic(stats: LatencyStats, statistic: LatencyStatistic): number {
  return stats[LATENCY_STATISTIC_FIELDS[statistic]];
}
