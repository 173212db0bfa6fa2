import { describe, expect, it } from 'vitest';
import { compareTuneCli } from './compare-tune-cli.js';

describe('batcher-sim compare', () => {
  it('runs each strategy on the same seed and prints one table', async () => {
    const cli = compareTuneCli();
    // p99 4 x 200 + 150 = 950 ms meets the fake's 1 s expectation.
    const result = await cli.exec('compare', cli.scenarioPath, '--strategy', 'hybrid,sweep,immediate', '--set', 'batcher.sweep=150', '--workers', '1', '--no-color');
    expect(result.code).toBe(0);
    expect(result.runs.map((r) => r.scenario.batcher.strategy)).toEqual(['hybrid', 'sweep', 'immediate']);
    expect(new Set(result.runs.map((r) => r.scenario.seed)).size).toBe(1);
    expect(result.stderr).toContain('storm: 3 variants on seed 1');
    expect(result.stderr).toMatch(/│\s*│\s*hybrid\s*│\s*sweep\s*│\s*immediate\s*│/);
    expect(result.stdout).toBe('');
  });

  it('runs --variant overrides after the common --set ones and marks the best', async () => {
    const cli = compareTuneCli();
    const result = await cli.exec(
      'compare',
      cli.scenarioPath,
      '--set',
      'batcher.sweep=500',
      '--variant',
      'original:batcher.debounce=200,batcher.sweep=5000',
      '--variant',
      'tuned:batcher.debounce=40',
      '--workers',
      '1',
      '--no-color',
    );
    // original: p99 4*200+5000 = 5800 (fails the 1 s expectation); tuned: 4*40+500 = 660.
    expect(result.runs.map((r) => [r.scenario.batcher.debounceTimeoutMs, r.scenario.batcher.sweepIntervalMs])).toEqual([
      [200, 5000],
      [40, 500],
    ]);
    expect(result.stderr).toMatch(/latency p99\s*│\s*5\.80 s\s*│\s*660 ms \*\s*│/);
    expect(result.stderr).toContain('1 of 2 variants missed an expectation or diverged: original');
    expect(result.code).toBe(1);
  });

  it('writes the comparison as JSON to stdout', async () => {
    const cli = compareTuneCli();
    const result = await cli.exec('compare', cli.scenarioPath, '--strategy', 'hybrid,debounce', '--workers', '1', '--json');
    const json = JSON.parse(result.stdout) as {
      kind: string;
      variants: { name: string; report: { schemaVersion: number; scenario: { strategy: string } } }[];
      table: { metric: string; best: string[] }[];
    };
    expect(json.kind).toBe('batcher-sim-compare');
    expect(json.variants.map((v) => [v.name, v.report.scenario.strategy, v.report.schemaVersion])).toEqual([
      ['hybrid', 'hybrid', 1],
      ['debounce', 'debounce', 1],
    ]);
    expect(json.table.find((row) => row.metric === 'latency.p99')?.best).toEqual([]);
  });

  it.each([
    [['--strategy', 'hybrid,turbo'], '--strategy "turbo": expected a comma-separated list of strategies'],
    [[], 'at least one of --strategy'],
    [['--variant', 'oops'], '--variant "oops": expected name:key=value'],
    [['--strategy', 'hybrid', '--workers', '0'], '--workers "0": expected a whole number of worker threads'],
  ])('exits 2 on bad flags %j', async (flags, message) => {
    const cli = compareTuneCli();
    const result = await cli.exec('compare', cli.scenarioPath, ...flags);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.runs).toHaveLength(0);
  });

  it('exits 2 naming the variant whose overrides are invalid, before running anything', async () => {
    const cli = compareTuneCli({ invalidValues: ['13'] });
    const result = await cli.exec('compare', cli.scenarioPath, '--strategy', 'hybrid', '--variant', 'odd:batcher.debounce=13', '--workers', '1');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('variant odd:');
    expect(result.stderr).toContain('--set batcher.debounce=13');
    expect(result.runs).toHaveLength(0);
  });

  it('stops on Ctrl-C and exits 130', async () => {
    const cli = compareTuneCli({ interruptDuringRun: 1 });
    const result = await cli.exec('compare', cli.scenarioPath, '--strategy', 'hybrid,sweep', '--workers', '1');
    expect(result.code).toBe(130);
    expect(result.runs).toHaveLength(1);
  });

  it('exits 3 when a run itself fails', async () => {
    const cli = compareTuneCli({ runThrows: new Error('engine exploded') });
    const result = await cli.exec('compare', cli.scenarioPath, '--strategy', 'hybrid', '--workers', '1');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('engine exploded');
  });
});
