/**
 * The metrics that compare, diff and tune talk about, each named by a short key that reads like the
 * scenario's expectations (`latency.p99`, `latency{reason=viewport_change}.p95`, `processings`,
 * `cpuBusy`). One table maps a key to how it is read from a RunSummary, its unit and which way is
 * better, so a `--fail-on` rule, a compare row and a tune objective all mean the same number.
 */
import { MARK_REASONS, type MarkReason } from '../batcher/ports.js';
import type { LatencyStatistic, RunCounters, RunSummary } from '../metrics/summary.js';
import { LATENCY_STATISTICS, readLatencyStatistic } from '../metrics/summary.js';

/** How a value is printed and what a relative change of it means. */
export type MetricUnit = 'ms' | 'count' | 'ratio' | 'fraction' | 'bytes';
/** Which direction is an improvement; `none` for values that only describe the run. */
export type MetricBetter = 'lower' | 'higher';

export interface MetricDefinition {
  /** Canonical key, e.g. `latency.p99` or `latency{reason=event_update}.max`. */
  key: string;
  /** Short words for a table row. */
  label: string;
  unit: MetricUnit;
  better: MetricBetter;
  read(summary: RunSummary): number;
}

export class MetricKeyError extends Error {
  override readonly name = 'MetricKeyError';
  constructor(readonly key: string) {
    super(
      `unknown metric "${key}": expected e.g. latency.p99, latency{reason=viewport_change}.p95, ` +
        `eventLoopLag.p99, processings, marksPerProcessing, messages, redisCommands, cpuBusy, ` +
        `maxDirtyUsers, expectationsPassed or passed (see docs/compare-tune.md for the full list)`,
    );
  }
}

function latencyDefinition(reason: MarkReason | null, statistic: LatencyStatistic): MetricDefinition {
  const subject = reason === null ? 'latency' : `latency{reason=${reason}}`;
  const who = reason === null ? 'latency' : `${reason}`;
  return {
    key: `${subject}.${statistic}`,
    label: statistic === 'count' ? `${who} deliveries` : `${who} ${statistic}`,
    unit: statistic === 'count' ? 'count' : 'ms',
    // More deliveries is neither better nor worse by itself; lower is the useful default for sorting.
    better: 'lower',
    read: (summary) =>
      readLatencyStatistic(reason === null ? summary.latency.overall : summary.latency.byReason[reason], statistic),
  };
}

function lagDefinition(statistic: LatencyStatistic): MetricDefinition {
  return {
    key: `eventLoopLag.${statistic}`,
    label: `event-loop lag ${statistic}`,
    unit: statistic === 'count' ? 'count' : 'ms',
    better: 'lower',
    read: (summary) => readLatencyStatistic(summary.eventLoopLag, statistic),
  };
}

type NumericCounter = {
  [K in keyof RunCounters]: RunCounters[K] extends number ? K : never;
}[keyof RunCounters];

function counterDefinition(
  key: string,
  counter: NumericCounter,
  label: string,
  unit: MetricUnit,
  better: MetricBetter,
): MetricDefinition {
  return { key, label, unit, better, read: (summary) => summary.counters[counter] };
}

function buildCatalog(): MetricDefinition[] {
  const definitions: MetricDefinition[] = [];
  for (const statistic of LATENCY_STATISTICS) definitions.push(latencyDefinition(null, statistic));
  for (const reason of MARK_REASONS) {
    for (const statistic of LATENCY_STATISTICS) definitions.push(latencyDefinition(reason, statistic));
  }
  for (const statistic of LATENCY_STATISTICS) definitions.push(lagDefinition(statistic));
  definitions.push(
    counterDefinition('marks', 'marks', 'marks', 'count', 'lower'),
    counterDefinition('processings', 'processings', 'processings', 'count', 'lower'),
    counterDefinition('processingsPerMark', 'processingsPerMark', 'processings per mark', 'ratio', 'lower'),
    counterDefinition('marksPerProcessing', 'marksPerProcessing', 'marks per processing', 'ratio', 'higher'),
    counterDefinition('noOpDiffs', 'noOpDiffs', 'no-op diffs', 'count', 'lower'),
    counterDefinition('messages', 'messages', 'messages', 'count', 'lower'),
    counterDefinition('bytes', 'bytes', 'bytes sent', 'bytes', 'lower'),
    counterDefinition('duplicateProcessings', 'duplicateProcessings', 'duplicate processings', 'count', 'lower'),
    counterDefinition(
      'duplicateProcessingsAvoided',
      'duplicateProcessingsAvoided',
      'duplicates avoided',
      'count',
      'higher',
    ),
    counterDefinition('errors', 'errors', 'errors', 'count', 'lower'),
    counterDefinition('retries', 'retries', 'retries', 'count', 'lower'),
    counterDefinition('sweeperRuns', 'sweeperRuns', 'sweeper runs', 'count', 'lower'),
    counterDefinition('sweepsSkipped', 'sweepsSkipped', 'sweeps skipped', 'count', 'lower'),
    counterDefinition('debounceTimersFired', 'debounceTimersFired', 'debounce timers fired', 'count', 'lower'),
    counterDefinition('batchesProcessed', 'batchesProcessed', 'batches processed', 'count', 'lower'),
    counterDefinition('maxDirtyUsers', 'maxDirtyUsers', 'max dirty set', 'count', 'lower'),
    counterDefinition('maxActiveTimers', 'maxActiveTimers', 'max active timers', 'count', 'lower'),
    counterDefinition('cpuBusy', 'cpuBusyFraction', 'CPU busy', 'fraction', 'lower'),
    counterDefinition('changesApplied', 'changesApplied', 'changes applied', 'count', 'lower'),
  );
  for (const command of ['viewportWrites', 'affectedUserLookups', 'reads', 'publishes'] as const) {
    definitions.push({
      key: `redisCommands.${command}`,
      label: `Redis ${command}`,
      unit: 'count',
      better: 'lower',
      read: (summary) => summary.counters.redisCommands[command],
    });
  }
  definitions.push(
    {
      key: 'redisCommands',
      label: 'Redis commands',
      unit: 'count',
      better: 'lower',
      read: (summary) => summary.counters.redisCommands.total,
    },
    {
      key: 'staleness.maxStaleClients',
      label: 'max stale clients',
      unit: 'count',
      better: 'lower',
      read: (summary) => summary.staleness.maxStaleClients,
    },
    {
      key: 'staleness.meanStaleClients',
      label: 'mean stale clients',
      unit: 'ratio',
      better: 'lower',
      read: (summary) => summary.staleness.meanStaleClients,
    },
    {
      key: 'divergedClients',
      label: 'diverged clients',
      unit: 'count',
      better: 'lower',
      read: (summary) => summary.consistency.divergedClients,
    },
    {
      key: 'expectationsPassed',
      label: 'expectations passed',
      unit: 'count',
      better: 'higher',
      read: (summary) => summary.expectations.filter((e) => e.passed).length,
    },
    {
      key: 'expectationsFailed',
      label: 'expectations failed',
      unit: 'count',
      better: 'lower',
      read: (summary) => summary.expectations.filter((e) => !e.passed).length,
    },
    {
      // 1 or 0, so a diff rule `passed < 0` catches a run that stopped passing.
      key: 'passed',
      label: 'passed',
      unit: 'count',
      better: 'higher',
      read: (summary) => (summary.passed && summary.completed ? 1 : 0),
    },
  );
  return definitions;
}

const CATALOG: readonly MetricDefinition[] = buildCatalog();
const BY_KEY = new Map(CATALOG.map((definition) => [definition.key, definition]));

/** Other spellings people type, mapped to the canonical key. */
const ALIASES: Record<string, string> = {
  cpu: 'cpuBusy',
  cpuBusyFraction: 'cpuBusy',
  redis: 'redisCommands',
  'redisCommands.total': 'redisCommands',
  dirty: 'maxDirtyUsers',
  maxDirty: 'maxDirtyUsers',
  lag: 'eventLoopLag.p99',
};

/** Every metric key, in a stable order (the order of compare rows and CSV columns). */
export const ALL_METRIC_KEYS: readonly string[] = CATALOG.map((definition) => definition.key);

/**
 * The canonical key for what a user typed, or a MetricKeyError. Accepts the expectation forms too:
 * `latency.p99Ms`, `latency.viewport_change.p99`, `latency{reason="event_update"}.p95`.
 */
export function canonicalMetricKey(typed: string): string {
  const compact = typed.replace(/\s+/g, '');
  const alias = ALIASES[compact];
  if (alias !== undefined) return alias;
  let key = compact.replace(/\{reason=["']?([a-z_]+)["']?\}/, '{reason=$1}');
  // `.p99Ms` and `.maxMs` name the summary fields; the catalogue drops the unit.
  key = key.replace(/\.(count|mean|p50|p90|p95|p99|p999|max)Ms$/, '.$1');
  const dotted = /^latency\.([a-z_]+)\.([a-z0-9]+)$/.exec(key);
  if (dotted !== null && (MARK_REASONS as readonly string[]).includes(dotted[1] ?? '')) {
    key = `latency{reason=${dotted[1]}}.${dotted[2]}`;
  }
  if (key === 'latency' || key === 'eventLoopLag') key = `${key}.p99`;
  if (!BY_KEY.has(key)) throw new MetricKeyError(typed);
  return key;
}

export function resolveMetric(typed: string): MetricDefinition {
  const definition = BY_KEY.get(canonicalMetricKey(typed));
  if (definition === undefined) throw new MetricKeyError(typed);
  return definition;
}

/** Reads a metric; a summary from an older file with a field missing reads as NaN, printed as "-". */
export function readMetric(summary: RunSummary, definition: MetricDefinition): number {
  try {
    const value = definition.read(summary);
    return typeof value === 'number' ? value : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Every metric of a summary by canonical key: the compact record tune keeps per run. */
export function readAllMetrics(summary: RunSummary): Record<string, number> {
  const values: Record<string, number> = {};
  for (const definition of CATALOG) values[definition.key] = readMetric(summary, definition);
  return values;
}
