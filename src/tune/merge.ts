/**
 * Joining shard results back into the result of the whole grid. The shards must come from the same
 * tune command (scenario, grid, common overrides, seeds); a point present in two files must hold the
 * same numbers in both (a job re-run is harmless, a different run is not); and unless partial results
 * are allowed, every point of the grid must be present.
 */
import { isDeepStrictEqual } from 'node:util';
import type { PointResult, TuneResult } from './tune-result.js';

export class MergeError extends Error {
  override readonly name = 'MergeError';
}

export interface LabelledTuneResult {
  /** The file name, for messages. */
  label: string;
  result: TuneResult;
}

export interface MergeOptions {
  /** Accept a grid with points missing (they print as "not run"). Default false. */
  allowPartial?: boolean;
}

function sameRunDefinition(a: TuneResult, b: TuneResult): string | null {
  // The path may differ between CI machines; what was run may not.
  const { sourcePath: _a, ...scenarioA } = a.scenario;
  const { sourcePath: _b, ...scenarioB } = b.scenario;
  if (!isDeepStrictEqual(scenarioA, scenarioB)) return 'scenario';
  if (!isDeepStrictEqual(a.axes, b.axes)) return 'grid (--grid)';
  if (!isDeepStrictEqual(a.set, b.set)) return 'overrides (--set)';
  if (!isDeepStrictEqual(a.seeds, b.seeds)) return 'seeds (--seed, --seeds)';
  if (a.totalPoints !== b.totalPoints) return 'grid size';
  return null;
}

/** `0-3, 7, 9-10` */
export function describeIndexes(indexes: readonly number[]): string {
  const parts: string[] = [];
  let start: number | null = null;
  let previous: number | null = null;
  for (const index of [...indexes, Number.NaN]) {
    if (start !== null && previous !== null && index === previous + 1) {
      previous = index;
      continue;
    }
    if (start !== null && previous !== null) parts.push(start === previous ? `${start}` : `${start}-${previous}`);
    start = index;
    previous = index;
  }
  return parts.join(', ');
}

export function mergeTuneResults(inputs: readonly LabelledTuneResult[], options: MergeOptions = {}): TuneResult {
  const first = inputs[0];
  if (first === undefined) throw new MergeError('nothing to merge: give the JSON files tune --shard wrote');
  const points = new Map<number, { point: PointResult; label: string }>();
  for (const { label, result } of inputs) {
    const difference = sameRunDefinition(first.result, result);
    if (difference !== null) {
      throw new MergeError(`${label} and ${first.label} come from different tune runs (different ${difference})`);
    }
    for (const point of result.points) {
      if (point.index < 0 || point.index >= first.result.totalPoints) {
        throw new MergeError(`${label}: point #${point.index} lies outside the grid of ${first.result.totalPoints} points`);
      }
      const earlier = points.get(point.index);
      if (earlier !== undefined && !isDeepStrictEqual(earlier.point, point)) {
        throw new MergeError(`${label} and ${earlier.label} disagree about point #${point.index}: they were not run alike`);
      }
      if (earlier === undefined) points.set(point.index, { point, label });
    }
  }
  const missing: number[] = [];
  for (let index = 0; index < first.result.totalPoints; index++) if (!points.has(index)) missing.push(index);
  if (missing.length > 0 && options.allowPartial !== true) {
    throw new MergeError(
      `${missing.length} of ${first.result.totalPoints} grid points are in none of the files (#${describeIndexes(missing)}): ` +
        'add the missing shards, or pass --partial to merge what is there',
    );
  }
  return {
    ...first.result,
    shard: null,
    points: [...points.values()].map((entry) => entry.point).sort((a, b) => a.index - b.index),
  };
}
