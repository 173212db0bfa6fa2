import { describe, expect, it } from 'vitest';
import { toJsonReport } from '../../src/report/json.js';
import { latencyStats, makeSummary } from '../helpers/summary-fixture.js';
import { compareTuneCli } from './compare-tune-cli.js';

function report(p99Ms: number, processings = 9_104): string {
  const summary = makeSummary({
    latency: { overall: latencyStats(390, { p99Ms }), byReason: makeSummary().latency.byReason },
    counters: { processings },
  });
  return JSON.stringify(toJsonReport(summary, { toolVersion: '0.1.0' }));
}

describe('batcher-sim diff', () => {
  it('exits 0 when every rule holds, and shows the table', async () => {
    const cli = compareTuneCli();
    cli.write('base.json', report(1000));
    cli.write('new.json', report(1080));
    const result = await cli.exec('diff', 'base.json', 'new.json', '--fail-on', 'latency.p99 > +10%', '--no-color');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/latency p99\s*│\s*1\.00 s\s*│\s*1\.08 s\s*│\s*\+80 ms\s*│\s*\+8\.0%\s*│\s*worse/);
    expect(result.stderr).toContain('no regression: 1 of 1 rules held');
  });

  it('exits 1 on a regression', async () => {
    const cli = compareTuneCli();
    cli.write('base.json', report(1000));
    cli.write('new.json', report(1150));
    const result = await cli.exec('diff', 'base.json', 'new.json', '--fail-on', 'latency.p99 > +10%', '--fail-on', 'processings > +0');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('REGRESSION: 1 of 2 rules fired');
  });

  it('exits 0 without rules: nothing counts as a regression', async () => {
    const cli = compareTuneCli();
    cli.write('base.json', report(1000));
    cli.write('new.json', report(9000));
    const result = await cli.exec('diff', 'base.json', 'new.json');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('no --fail-on rule given');
  });

  it('writes the diff as JSON', async () => {
    const cli = compareTuneCli();
    cli.write('base.json', report(1000));
    cli.write('new.json', report(1150));
    const result = await cli.exec('diff', 'base.json', 'new.json', '--fail-on', 'latency.p99 > +10%', '--json');
    const json = JSON.parse(result.stdout) as { kind: string; regressed: boolean; rules: { status: string; change: number }[] };
    expect(json.kind).toBe('batcher-sim-diff');
    expect(json.regressed).toBe(true);
    expect(json.rules[0]?.status).toBe('regressed');
    expect(json.rules[0]?.change).toBeCloseTo(0.15);
  });

  it('exits 2 for a rule whose metric a file lacks', async () => {
    const cli = compareTuneCli();
    const old = JSON.parse(report(1000)) as { counters: Record<string, unknown> };
    delete old.counters['retries'];
    cli.write('base.json', JSON.stringify(old));
    cli.write('new.json', report(1000));
    const result = await cli.exec('diff', 'base.json', 'new.json', '--fail-on', 'retries > +0');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--fail-on names retries, which a file does not hold');
  });

  it.each([
    [['base.json', 'nope.json'], 'cannot read nope.json: no such file'],
    [['base.json', 'junk.json'], 'junk.json: not a batcher-sim run report'],
    [['base.json', 'base.json', '--fail-on', 'latency.p99 ~ 3'], '--fail-on "latency.p99 ~ 3": expected'],
  ])('exits 2 on bad input %j', async (args, message) => {
    const cli = compareTuneCli();
    cli.write('base.json', report(1000));
    cli.write('junk.json', '{"hello": "world"}');
    const result = await cli.exec('diff', ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
