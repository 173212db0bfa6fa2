import { describe, expect, it } from 'vitest';
import { FlagError } from '../../src/compare/flag-error.js';
import { expandGrid, gridPointAt, gridSize, parseGrid, parseGridAxis, parseSeedCount, seedsFrom } from '../../src/tune/grid.js';
import { inShard, parseShard, selectShard, shardSize } from '../../src/tune/shard.js';

describe('grid', () => {
  it('parses an axis', () => {
    expect(parseGridAxis('batcher.debounceTimeoutMs=25, 50,100ms')).toEqual({
      key: 'batcher.debounceTimeoutMs',
      values: ['25', '50', '100ms'],
    });
  });

  it.each(['batcher.debounceTimeoutMs', '=1,2', 'a b=1', 'k=1,,2', 'k=', 'k=1,1'])('rejects the axis %j', (text) => {
    expect(() => parseGridAxis(text)).toThrow(FlagError);
    expect(() => parseGridAxis(text)).toThrow(/^--grid /);
  });

  it('wants at least one axis and each key once', () => {
    expect(() => parseGrid([])).toThrow(/at least one --grid/);
    expect(() => parseGrid(['a=1', 'a=2'])).toThrow(/--grid "a": expected each setting on one --grid only/);
  });

  it('expands every combination, the first axis slowest, each point with its index', () => {
    const axes = parseGrid(['a=1,2', 'b=x,y,z']);
    expect(gridSize(axes)).toBe(6);
    const points = expandGrid(axes);
    expect(points.map((p) => p.values.join(''))).toEqual(['1x', '1y', '1z', '2x', '2y', '2z']);
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(points[4]).toEqual({ index: 4, values: ['2', 'y'], overrides: ['a=2', 'b=y'] });
    expect(gridPointAt(axes, 5)).toEqual(points[5]);
  });

  it('expands three axes like nested loops', () => {
    const points = expandGrid(parseGrid(['a=1,2', 'b=3,4', 'c=5,6']));
    expect(points.map((p) => p.values.join(''))).toEqual(['135', '136', '145', '146', '235', '236', '245', '246']);
  });

  it('counts seeds from the scenario seed', () => {
    expect(parseSeedCount('3')).toBe(3);
    expect(() => parseSeedCount('0')).toThrow(/--seeds "0": expected a whole number/);
    expect(() => parseSeedCount('2.5')).toThrow(FlagError);
    expect(seedsFrom(42, 3)).toEqual([42, 43, 44]);
  });
});

describe('shard', () => {
  it('parses i/n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', '2', 'a/b', '-1/2']) expect(() => parseShard(bad)).toThrow(/^--shard /);
  });

  it('deals the points out in turn, so the shards cover the grid exactly once', () => {
    const points = expandGrid(parseGrid(['a=1,2,3', 'b=1,2,3']));
    const shards = [1, 2, 3, 4].map((index) => selectShard(points, { index, count: 4 }).map((p) => p.index));
    expect(shards).toEqual([[0, 4, 8], [1, 5], [2, 6], [3, 7]]);
    expect(shards.flat().sort((a, b) => a - b)).toEqual(points.map((p) => p.index));
    expect(inShard(7, null)).toBe(true);
  });

  it('counts a shard\'s points without listing them, as many as it selects', () => {
    for (let total = 0; total <= 12; total++) {
      const points = Array.from({ length: total }, (_, index) => ({ index }));
      expect(shardSize(total, null)).toBe(total);
      for (let count = 1; count <= 5; count++) {
        for (let index = 1; index <= count; index++) {
          expect(shardSize(total, { index, count }), `${index}/${count} of ${total}`).toBe(selectShard(points, { index, count }).length);
        }
      }
    }
  });
});
