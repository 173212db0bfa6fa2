import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTuneJson } from '../../src/tune/tune-json.js';
import { compareTuneCli } from './compare-tune-cli.js';

const GRID = ['--grid', 'batcher.debounce=25,50,100', '--grid', 'batcher.sweep=150,500'];

describe('batcher-sim tune', () => {
  it('runs every point, prints the ranking, front, recommendation and heat map', async () => {
    const cli = compareTuneCli();
    const result = await cli.exec('tune', cli.scenarioPath, ...GRID, '--workers', '1', '--no-color');
    expect(result.code).toBe(0);
    expect(result.runs.map((r) => [r.scenario.batcher.debounceTimeoutMs, r.scenario.batcher.sweepIntervalMs])).toEqual([
      [25, 150],
      [25, 500],
      [50, 150],
      [50, 500],
      [100, 150],
      [100, 500],
    ]);
    expect(result.runs.every((r) => r.scenario.clock === 'virtual')).toBe(true);
    expect(result.stderr).toContain('storm: 6 grid points x 1 seed(s) = 6 runs on this thread');
    expect(result.stderr).toContain('Pareto front (latency p99 against processings, cheapest first): #5, #4, #2, #0');
    expect(result.stderr).toContain('Recommended: #5 batcher.debounce=100 batcher.sweep=500');
    expect(result.stderr).toContain('latency p99 by batcher.debounce (rows) and batcher.sweep (columns)');
  });

  it('repeats each point on --seeds seeds counted from --seed', async () => {
    const cli = compareTuneCli();
    const result = await cli.exec('tune', cli.scenarioPath, '--grid', 'batcher.debounce=25,50', '--seeds', '3', '--seed', '10', '--workers', '1', '--no-color');
    expect(result.runs.map((r) => r.scenario.seed)).toEqual([10, 11, 12, 10, 11, 12]);
    expect(result.stderr).toContain('3 seeds (mean ±sd)');
  });

  it('exits 1 when no point meets every expectation, naming the closest', async () => {
    const cli = compareTuneCli({ p99LimitMs: 100 });
    const result = await cli.exec('tune', cli.scenarioPath, ...GRID, '--workers', '1', '--no-color');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No point meets every expectation.');
    expect(result.stderr).toContain('Closest: #0');
  });

  it('writes JSON and CSV files', async () => {
    const cli = compareTuneCli();
    const result = await cli.exec('tune', cli.scenarioPath, ...GRID, '--workers', '1', '--json', 'tune.json', '--csv', 'tune.csv', '--cost', 'cpu');
    expect(result.code).toBe(0);
    const parsed = parseTuneJson(readFileSync(join(cli.cwd, 'tune.json'), 'utf8'), 'tune.json');
    expect(parsed.points).toHaveLength(6);
    expect(parsed.shard).toBeNull();
    const csv = readFileSync(join(cli.cwd, 'tune.csv'), 'utf8').trimEnd().split('\n');
    expect(csv).toHaveLength(7);
    expect(csv[0]).toMatch(/^point,batcher\.debounce,batcher\.sweep,seeds,meetsExpectations,paretoFront,recommended,latency\.p99,cpuBusy,/);
  });

  it('runs only its share with --shard, and always exits 0 once it has run', async () => {
    const cli = compareTuneCli({ p99LimitMs: 100 });
    const result = await cli.exec('tune', cli.scenarioPath, ...GRID, '--workers', '1', '--shard', '2/4', '--json');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('2 grid points (shard 2/4 of 6)');
    const parsed = parseTuneJson(result.stdout, 'stdout');
    expect(parsed.points.map((p) => p.index)).toEqual([1, 5]);
    expect(parsed.shard).toEqual({ index: 2, count: 4 });
  });

  it.each([
    [['--grid', 'batcher.debounce'], '--grid "batcher.debounce": expected key=value1,value2'],
    [[], 'at least one --grid'],
    [[...GRID, '--seeds', 'many'], '--seeds "many": expected a whole number'],
    [[...GRID, '--shard', '5/4'], '--shard "5/4": expected i/n'],
    [[...GRID, '--objective', 'speed'], '--objective "speed": expected a metric, e.g. latency.p99'],
    [[...GRID, '--top', '0'], '--top "0": expected a whole number of rows'],
  ])('exits 2 on bad flags %j', async (flags, message) => {
    const cli = compareTuneCli();
    const result = await cli.exec('tune', cli.scenarioPath, ...flags);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.runs).toHaveLength(0);
  });

  it.each(['1', '2'])('exits 2 before running anything when grid values are invalid, with examples (--workers %s)', async (workers) => {
    const cli = compareTuneCli({ invalidValues: ['13'] });
    const result = await cli.exec('tune', cli.scenarioPath, '--grid', 'batcher.debounce=25,13', '--grid', 'batcher.sweep=150,500', '--workers', workers);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('2 of 4 grid points are not valid scenarios');
    expect(result.stderr).toContain('grid point #2 (batcher.debounce=13 batcher.sweep=150)');
    expect(result.runs).toHaveLength(0);
  });

  it('stops on Ctrl-C and exits 130 without a report', async () => {
    const cli = compareTuneCli({ interruptDuringRun: 2 });
    const result = await cli.exec('tune', cli.scenarioPath, ...GRID, '--workers', '1', '--json');
    expect(result.code).toBe(130);
    expect(result.runs).toHaveLength(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('interrupted; no results shown or written');
  });

  it('exits 3 when a run fails', async () => {
    const cli = compareTuneCli({ runThrows: new Error('out of memory') });
    const result = await cli.exec('tune', cli.scenarioPath, ...GRID, '--workers', '1');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('out of memory');
  });
});

describe('batcher-sim merge', () => {
  async function shards(count: number, options: { p99LimitMs?: number } = {}) {
    const cli = compareTuneCli(options);
    const files: string[] = [];
    for (let i = 1; i <= count; i++) {
      const result = await cli.exec('tune', cli.scenarioPath, ...GRID, '--workers', '1', '--shard', `${i}/${count}`, '--json', `shard-${i}.json`);
      expect(result.code).toBe(0);
      files.push(`shard-${i}.json`);
    }
    return { cli, files };
  }

  it('joins shards into the same result as one tune run', async () => {
    const { cli, files } = await shards(3);
    const whole = await cli.exec('tune', cli.scenarioPath, ...GRID, '--workers', '1', '--json', 'whole.json', '--no-color', '--quiet');
    const merged = await cli.exec('merge', ...files, '--json', 'merged.json', '--no-color');
    expect(merged.code).toBe(0);
    const read = (name: string) => parseTuneJson(readFileSync(join(cli.cwd, name), 'utf8'), name);
    expect(read('merged.json')).toEqual(read('whole.json'));
    // The report is the same too, after tune's own heading line.
    expect(merged.stderr).toBe(whole.stderr.split('\n').slice(1).join('\n'));
  });

  it('exits 1 when no point of the whole grid meets every expectation', async () => {
    const { cli, files } = await shards(2, { p99LimitMs: 100 });
    expect((await cli.exec('merge', ...files)).code).toBe(1);
  });

  it('exits 2 when shards are missing, unless --partial', async () => {
    const { cli, files } = await shards(3);
    const missing = await cli.exec('merge', files[0] ?? '', files[2] ?? '');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('2 of 6 grid points are in none of the files (#1, 4)');
    expect((await cli.exec('merge', files[0] ?? '', files[2] ?? '', '--partial')).code).toBe(0);
  });

  it('exits 2 on a file that is not a tune result or does not exist', async () => {
    const { cli, files } = await shards(2);
    cli.write('other.json', '{"schemaVersion": 1}');
    expect((await cli.exec('merge', files[0] ?? '', 'other.json')).stderr).toContain('other.json: not a tune result');
    const gone = await cli.exec('merge', files[0] ?? '', 'gone.json');
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('cannot read gone.json: no such file');
  });
});
