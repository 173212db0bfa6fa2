/**
 * The tuning grid: each `--grid key=v1,v2,...` is an axis, and the grid is every combination, in a
 * stable order (the first axis changes slowest, like nested loops written in flag order). Each point
 * keeps its index, so a shard of the grid and the merge of shards refer to the same points.
 * A point is a list of `--set`-style overrides: the scenario loader applies and validates them, so
 * any setting can be an axis, not only the batcher's.
 */
import { FlagError } from '../compare/flag-error.js';

export interface GridAxis {
  /** The setting's path as `--set` takes it, e.g. `batcher.debounceTimeoutMs`. */
  key: string;
  /** The values as typed (`25`, `25ms`); the loader parses them. */
  values: string[];
}

export interface GridPoint {
  /** Position in the full grid, 0-based. */
  index: number;
  /** One value per axis, in axis order. */
  values: string[];
  /** `key=value` for each axis. */
  overrides: string[];
}

const GRID_FORM = 'key=value1,value2,... e.g. batcher.debounceTimeoutMs=25,50,100,200';

export function parseGridAxis(text: string, flag = '--grid'): GridAxis {
  const equals = text.indexOf('=');
  if (equals <= 0) throw new FlagError(flag, text, GRID_FORM);
  const key = text.slice(0, equals).trim();
  if (!/^[^\s=,]+$/.test(key)) throw new FlagError(flag, text, GRID_FORM);
  const values = text
    .slice(equals + 1)
    .split(',')
    .map((value) => value.trim());
  if (values.length === 0 || values.some((value) => value.length === 0)) throw new FlagError(flag, text, GRID_FORM);
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new FlagError(flag, text, `${GRID_FORM}, each value once (${value} repeats)`);
    seen.add(value);
  }
  return { key, values };
}

export function parseGrid(texts: readonly string[], flag = '--grid'): GridAxis[] {
  if (texts.length === 0) throw new FlagError(flag, '', `at least one ${flag} ${GRID_FORM}`);
  const axes = texts.map((text) => parseGridAxis(text, flag));
  const keys = new Set<string>();
  for (const axis of axes) {
    if (keys.has(axis.key)) throw new FlagError(flag, axis.key, 'each setting on one --grid only (list all its values there)');
    keys.add(axis.key);
  }
  return axes;
}

export function gridSize(axes: readonly GridAxis[]): number {
  return axes.reduce((size, axis) => size * axis.values.length, 1);
}

/** The point at a grid index: mixed-radix digits, the last axis the fastest. */
export function gridPointAt(axes: readonly GridAxis[], index: number): GridPoint {
  const values: string[] = new Array<string>(axes.length);
  let rest = index;
  for (let a = axes.length - 1; a >= 0; a--) {
    const axis = axes[a];
    if (axis === undefined) continue;
    values[a] = axis.values[rest % axis.values.length] ?? '';
    rest = Math.floor(rest / axis.values.length);
  }
  return { index, values, overrides: axes.map((axis, a) => `${axis.key}=${values[a] ?? ''}`) };
}

export function expandGrid(axes: readonly GridAxis[]): GridPoint[] {
  return Array.from({ length: gridSize(axes) }, (_, index) => gridPointAt(axes, index));
}

const SEEDS_FORM = 'a whole number of seeds from 1 to 1000';

export function parseSeedCount(text: string, flag = '--seeds'): number {
  const count = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(count) || count < 1 || count > 1000) {
    throw new FlagError(flag, text, SEEDS_FORM);
  }
  return count;
}

/** The seeds of each point: the scenario's seed, then the next ones, so seed 1 of N is the plain run. */
export function seedsFrom(baseSeed: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => baseSeed + k);
}
