/**
 * `--shard i/n`: job i of n runs the grid points whose index is i-1 modulo n. Dealing points out in
 * turn, rather than in blocks, gives each job a mix of cheap and expensive settings, so the jobs of a
 * CI matrix finish at about the same time.
 */
import { FlagError } from '../compare/flag-error.js';

export interface Shard {
  /** 1-based, as CI matrices count. */
  index: number;
  count: number;
}

const SHARD_FORM = 'i/n with 1 <= i <= n, e.g. 2/4 for the second of four jobs';

export function parseShard(text: string, flag = '--shard'): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null) throw new FlagError(flag, text, SHARD_FORM);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index < 1 || index > count) throw new FlagError(flag, text, SHARD_FORM);
  return { index, count };
}

export function inShard(pointIndex: number, shard: Shard | null): boolean {
  return shard === null || pointIndex % shard.count === shard.index - 1;
}

/** How many of a grid's `total` points fall in the shard, without listing them. */
export function shardSize(total: number, shard: Shard | null): number {
  if (shard === null) return total;
  const before = shard.index - 1;
  return before >= total ? 0 : Math.floor((total - 1 - before) / shard.count) + 1;
}

export function selectShard<T extends { index: number }>(points: readonly T[], shard: Shard | null): T[] {
  return points.filter((point) => inShard(point.index, shard));
}
