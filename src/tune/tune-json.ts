/**
 * The tune result as JSON: what `tune --json` writes, what `merge` reads back. The saved part
 * (scenario, grid, shard, points with every seed's metrics) is the TuneResult itself; the analysis
 * (ranking, front, recommendation, headline means) is added for readers such as jq and is
 * recomputed on merge rather than trusted. Non-finite numbers are written as null.
 */
import { z } from 'zod';
import type { TuneAnalysis } from './analysis.js';
import { CSV_METRIC_KEYS } from './csv.js';
import { metricMean } from './spread.js';
import { meetsExpectations, type TuneResult } from './tune-result.js';

export const TUNE_JSON_SCHEMA_VERSION = 1;
export const TUNE_JSON_KIND = 'batcher-sim-tune';

export class TuneFileError extends Error {
  override readonly name = 'TuneFileError';
}

export interface TuneJsonMeta {
  toolVersion: string;
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function metricsToJson(metrics: Record<string, number>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(metrics)) out[key] = finiteOrNull(value);
  return out;
}

export function toTuneJson(result: TuneResult, analysis: TuneAnalysis, meta: TuneJsonMeta): Record<string, unknown> {
  return {
    schemaVersion: TUNE_JSON_SCHEMA_VERSION,
    kind: TUNE_JSON_KIND,
    tool: { name: 'batcher-sim', version: meta.toolVersion },
    scenario: result.scenario,
    grid: { axes: result.axes, set: result.set, seeds: result.seeds, totalPoints: result.totalPoints },
    shard: result.shard,
    objective: analysis.objective.key,
    latency: analysis.latency.key,
    cost: analysis.cost.key,
    recommended: analysis.recommended,
    front: analysis.front,
    ranking: analysis.ranking,
    points: result.points.map((point) => ({
      index: point.index,
      values: point.values,
      overrides: point.overrides,
      meetsExpectations: meetsExpectations(point),
      mean: Object.fromEntries(
        [...new Set<string>([analysis.objective.key, analysis.latency.key, analysis.cost.key, ...CSV_METRIC_KEYS])].map(
          (key) => [key, finiteOrNull(metricMean(point, key))],
        ),
      ),
      runs: point.runs.map((run) => ({ ...run, metrics: metricsToJson(run.metrics) })),
    })),
  };
}

export function formatTuneJson(result: TuneResult, analysis: TuneAnalysis, meta: TuneJsonMeta): string {
  return `${JSON.stringify(toTuneJson(result, analysis, meta), null, 2)}\n`;
}

const nullableNumber = z.number().nullable();

const tuneJsonSchema = z.object({
  schemaVersion: z.number().int(),
  kind: z.literal(TUNE_JSON_KIND),
  scenario: z.object({
    name: z.string(),
    sourcePath: z.string().nullable(),
    baseSeed: z.number(),
    durationMs: z.number(),
    strategy: z.string(),
    expectations: z.number().int().nonnegative(),
  }),
  grid: z.object({
    axes: z.array(z.object({ key: z.string(), values: z.array(z.string()).min(1) })).min(1),
    set: z.array(z.string()),
    seeds: z.array(z.number()).min(1),
    totalPoints: z.number().int().positive(),
  }),
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }).nullable(),
  points: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      values: z.array(z.string()),
      overrides: z.array(z.string()),
      runs: z.array(
        z.object({
          seed: z.number(),
          passed: z.boolean(),
          completed: z.boolean(),
          failedExpectations: z.array(z.string()),
          metrics: z.record(z.string(), nullableNumber),
        }),
      ),
    }),
  ),
});

/** Reads a file `tune --json` wrote; `label` names it in messages. */
export function parseTuneJson(text: string, label: string): TuneResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TuneFileError(`${label}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const kind = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['kind'] : undefined;
  if (kind !== TUNE_JSON_KIND) {
    throw new TuneFileError(`${label}: not a tune result (write one with batcher-sim tune ... --json <file>)`);
  }
  const parsed = tuneJsonSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`)
      .join('; ');
    throw new TuneFileError(`${label}: not a valid tune result: ${problems}`);
  }
  const data = parsed.data;
  if (data.schemaVersion > TUNE_JSON_SCHEMA_VERSION) {
    throw new TuneFileError(`${label}: schemaVersion ${data.schemaVersion} is newer than this batcher-sim reads (${TUNE_JSON_SCHEMA_VERSION})`);
  }
  return {
    scenario: data.scenario,
    axes: data.grid.axes,
    set: data.grid.set,
    seeds: data.grid.seeds,
    totalPoints: data.grid.totalPoints,
    shard: data.shard,
    points: data.points
      .map((point) => ({
        index: point.index,
        values: point.values,
        overrides: point.overrides,
        runs: point.runs.map((run) => ({
          ...run,
          metrics: Object.fromEntries(Object.entries(run.metrics).map(([key, v]) => [key, v ?? Number.NaN])),
        })),
      }))
      .sort((a, b) => a.index - b.index),
  };
}
