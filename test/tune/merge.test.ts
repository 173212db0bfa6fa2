import { describe, expect, it } from 'vitest';
import { analyzeTune } from '../../src/tune/analysis.js';
import { describeIndexes, MergeError, mergeTuneResults } from '../../src/tune/merge.js';
import { selectShard } from '../../src/tune/shard.js';
import { formatTuneJson, parseTuneJson, TuneFileError } from '../../src/tune/tune-json.js';
import type { TuneResult } from '../../src/tune/tune-result.js';
import { DEBOUNCE_BY_SWEEP, debounceBySweep, makeTuneResult } from './tune-fixture.js';

const whole = makeTuneResult(DEBOUNCE_BY_SWEEP, debounceBySweep, { seeds: [42, 43] });

function shardOf(result: TuneResult, index: number, count: number): TuneResult {
  return { ...result, shard: { index, count }, points: selectShard(result.points, { index, count }) };
}

/** Through the JSON file and back, as CI jobs hand shards to the merge job. */
function roundTrip(result: TuneResult): TuneResult {
  return parseTuneJson(formatTuneJson(result, analyzeTune(result), { toolVersion: '0.1.0' }), 'shard.json');
}

describe('tune JSON', () => {
  it('reads back what it wrote, NaN included', () => {
    const withGap = makeTuneResult(DEBOUNCE_BY_SWEEP, (values) => ({ ...debounceBySweep(values), p99: Number.NaN }));
    expect(roundTrip(whole)).toEqual(whole);
    expect(roundTrip(withGap)).toEqual(withGap);
  });

  it('carries the analysis for readers of the file', () => {
    const json = JSON.parse(formatTuneJson(whole, analyzeTune(whole), { toolVersion: '0.1.0' })) as Record<string, unknown>;
    expect(json).toMatchObject({ schemaVersion: 1, kind: 'batcher-sim-tune', recommended: 5, front: [5, 4, 2, 0], objective: 'latency.p99' });
    expect((json['points'] as { mean: Record<string, number> }[])[0]?.mean['latency.p99']).toBe(250.5);
  });

  it.each([
    ['{', /shard.json: not JSON/],
    ['{"kind": "something"}', /shard.json: not a tune result/],
    ['{"kind": "batcher-sim-tune", "schemaVersion": 1}', /shard.json: not a valid tune result: scenario/],
  ])('refuses %j', (text, message) => {
    expect(() => parseTuneJson(text, 'shard.json')).toThrow(TuneFileError);
    expect(() => parseTuneJson(text, 'shard.json')).toThrow(message);
  });
});

describe('mergeTuneResults', () => {
  it('joins shards into exactly the result of one run, whatever the order', () => {
    const shards = [3, 1, 2].map((index) => ({ label: `shard-${index}.json`, result: roundTrip(shardOf(whole, index, 3)) }));
    const merged = mergeTuneResults(shards);
    expect(merged).toEqual(whole);
    expect(analyzeTune(merged)).toEqual(analyzeTune(whole));
  });

  it('accepts the same shard twice, since a re-run job changes nothing', () => {
    const one = { label: 'a.json', result: shardOf(whole, 1, 2) };
    const two = { label: 'b.json', result: shardOf(whole, 2, 2) };
    expect(mergeTuneResults([one, two, { ...one, label: 'a-again.json' }])).toEqual(whole);
  });

  it('refuses shards of different tune runs', () => {
    const other = makeTuneResult(DEBOUNCE_BY_SWEEP, debounceBySweep, { seeds: [1, 2] });
    expect(() =>
      mergeTuneResults([
        { label: 'a.json', result: shardOf(whole, 1, 2) },
        { label: 'b.json', result: shardOf(other, 2, 2) },
      ]),
    ).toThrow('b.json and a.json come from different tune runs (different scenario)');
    const otherGrid = { ...shardOf(whole, 2, 2), axes: [{ key: 'a', values: ['1'] }] };
    expect(() => mergeTuneResults([{ label: 'a.json', result: whole }, { label: 'b.json', result: otherGrid }])).toThrow(
      /\(different grid \(--grid\)\)/,
    );
  });

  it('refuses two files that disagree about a point', () => {
    const changed = shardOf(whole, 1, 2);
    const tampered = {
      ...changed,
      points: changed.points.map((p) => (p.index === 2 ? { ...p, runs: p.runs.slice(0, 1) } : p)),
    };
    expect(() => mergeTuneResults([{ label: 'a.json', result: changed }, { label: 'b.json', result: tampered }])).toThrow(
      'b.json and a.json disagree about point #2',
    );
  });

  it('names the missing points, unless partial results are allowed', () => {
    const first = { label: 'a.json', result: shardOf(whole, 1, 3) };
    expect(() => mergeTuneResults([first])).toThrow(MergeError);
    expect(() => mergeTuneResults([first])).toThrow('4 of 6 grid points are in none of the files (#1-2, 4-5)');
    const partial = mergeTuneResults([first], { allowPartial: true });
    expect(partial.points.map((p) => p.index)).toEqual([0, 3]);
    expect(partial.shard).toBeNull();
  });

  it('needs something to merge', () => {
    expect(() => mergeTuneResults([])).toThrow(/nothing to merge/);
  });

  it('describes index lists compactly', () => {
    expect(describeIndexes([0, 1, 2, 5, 7, 8])).toBe('0-2, 5, 7-8');
    expect(describeIndexes([])).toBe('');
  });
});
