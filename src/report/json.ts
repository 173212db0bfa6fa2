/**
 * The JSON report: a versioned, documented shape (docs/json-report.md) that CI scripts and `jq`
 * read. Keys come out in a fixed order so two reports diff cleanly; keys a newer summary adds that
 * this module does not know yet are kept, after the known ones, in alphabetical order.
 * Non-finite numbers (a ratio with nothing to divide by) become null, as JSON.stringify makes them.
 */
import { MARK_REASONS } from '../batcher/ports.js';
import type {
  ConsistencyReport,
  DivergenceExample,
  ExpectationResult,
  LatencyStats,
  RunCounters,
  RunSummary,
  StalenessReport,
  TimeSeriesPoint,
} from '../metrics/summary.js';
import { COUNTER_NAMES, LATENCY_STAT_NAMES, REDIS_COMMAND_NAMES } from '../metrics/summary.js';

/** Bump when a key is renamed, removed or changes meaning; adding a key does not bump it. */
export const JSON_REPORT_SCHEMA_VERSION = 1;

export interface JsonReportMeta {
  /** The batcher-sim version that produced the report. */
  toolVersion: string;
  /** ISO 8601 time the report was written; null leaves the report byte-for-byte reproducible. */
  generatedAt?: string | null;
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
type JsonObject = { [key: string]: JsonValue };

export interface JsonReport extends JsonObject {
  schemaVersion: number;
  tool: { name: string; version: string };
  generatedAt: string | null;
  passed: boolean;
  completed: boolean;
  scenario: JsonObject;
  run: JsonObject;
  counters: JsonObject;
  latency: JsonObject;
  eventLoopLag: JsonObject;
  staleness: JsonObject;
  consistency: JsonObject;
  expectations: JsonObject[];
  timeSeries: JsonObject[];
}

function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') return ordered(value as Record<string, unknown>, []);
  return String(value);
}

/** The known keys in the given order, then any others sorted, each value converted recursively. */
function ordered<T extends object>(source: T, keyOrder: readonly (keyof T & string)[]): JsonObject {
  const record = source as Record<string, unknown>;
  const out: JsonObject = {};
  for (const key of keyOrder) {
    if (key in record) out[key] = toJsonValue(record[key]);
  }
  const known = new Set<string>(keyOrder);
  for (const key of Object.keys(record).sort()) {
    if (!known.has(key)) out[key] = toJsonValue(record[key]);
  }
  return out;
}

const STALENESS_KEYS = ['thresholdMs', 'samples', 'maxStaleClients', 'meanStaleClients'] as const satisfies readonly (keyof StalenessReport)[];

const EXAMPLE_KEYS = ['userId', 'missingIds', 'extraIds', 'staleIds'] as const satisfies readonly (keyof DivergenceExample)[];

const EXPECTATION_KEYS = ['text', 'metric', 'operator', 'threshold', 'measured', 'passed'] as const satisfies readonly (keyof ExpectationResult)[];

export const TIME_SERIES_KEYS = [
  'atMs',
  'dirtyUsers',
  'activeTimers',
  'marksPerSecond',
  'processingsPerSecond',
  'windowP99Ms',
] as const satisfies readonly (keyof TimeSeriesPoint)[];

export function latencyToJson(stats: LatencyStats): JsonObject {
  return ordered(stats, LATENCY_STAT_NAMES);
}

export function timeSeriesPointToJson(point: TimeSeriesPoint): JsonObject {
  return ordered(point, TIME_SERIES_KEYS);
}

function countersToJson(counters: RunCounters): JsonObject {
  const out = ordered(counters, COUNTER_NAMES);
  out['redisCommands'] = ordered(counters.redisCommands, REDIS_COMMAND_NAMES);
  return out;
}

function consistencyToJson(consistency: ConsistencyReport): JsonObject {
  const out = ordered(consistency, ['connectedClients', 'divergedClients', 'examples']);
  out['examples'] = consistency.examples.map((example) => ordered(example, EXAMPLE_KEYS));
  return out;
}

function latencyByReasonToJson(summary: RunSummary): JsonObject {
  const byReason: JsonObject = {};
  for (const reason of MARK_REASONS) byReason[reason] = latencyToJson(summary.latency.byReason[reason]);
  return { overall: latencyToJson(summary.latency.overall), byReason };
}

function scenarioToJson(summary: RunSummary): JsonObject {
  const s = summary.scenario;
  const settings: JsonObject = {};
  // The engine's order is deterministic and meaningful (strategy first), so it is kept as is.
  for (const [key, value] of Object.entries(s.settings)) settings[key] = toJsonValue(value);
  return {
    name: s.name,
    description: s.description,
    seed: s.seed,
    durationMs: s.durationMs,
    clock: s.clock,
    strategy: s.strategy,
    settings,
  };
}

/** Top-level summary keys placed by toJsonReport; any other is appended, so nothing is lost. */
const SUMMARY_KEYS_PLACED = new Set<string>([
  'scenario',
  'counters',
  'latency',
  'eventLoopLag',
  'staleness',
  'consistency',
  'timeSeries',
  'expectations',
  'passed',
  'completed',
  'run',
]);

export function toJsonReport(summary: RunSummary, meta: JsonReportMeta): JsonReport {
  const report: JsonReport = {
    schemaVersion: JSON_REPORT_SCHEMA_VERSION,
    tool: { name: 'batcher-sim', version: meta.toolVersion },
    generatedAt: meta.generatedAt ?? null,
    passed: summary.passed,
    completed: summary.completed,
    scenario: scenarioToJson(summary),
    run: ordered(summary.run, ['wallMs', 'simulatedMs', 'speed']),
    counters: countersToJson(summary.counters),
    latency: latencyByReasonToJson(summary),
    eventLoopLag: latencyToJson(summary.eventLoopLag),
    staleness: ordered(summary.staleness, STALENESS_KEYS),
    consistency: consistencyToJson(summary.consistency),
    expectations: summary.expectations.map((e) => ordered(e, EXPECTATION_KEYS)),
    timeSeries: summary.timeSeries.map(timeSeriesPointToJson),
  };
  const record = summary as unknown as Record<string, unknown>;
  for (const key of Object.keys(record).sort()) {
    if (!SUMMARY_KEYS_PLACED.has(key)) report[key] = toJsonValue(record[key]);
  }
  return report;
}

/**
 * The text written for `--json`: one report for one scenario, an array of reports for several.
 * Two-space indent and a final newline, so files diff and `cat` cleanly.
 */
export function formatJsonReports(reports: readonly JsonReport[]): string {
  const body = reports.length === 1 ? reports[0] : reports;
  return `${JSON.stringify(body, null, 2)}\n`;
}
