import { describe, expect, it } from 'vitest';
import { formatSummaryDiff } from '../../src/compare/diff-table.js';
import { parseRegressionRule } from '../../src/compare/regression-rule.js';
import { diffSummaries } from '../../src/compare/summary-diff.js';
import { parseSummaryJson, SummaryFileError } from '../../src/compare/summary-file.js';
import { toJsonReport } from '../../src/report/json.js';
import { latencyStats, makeSummary } from '../helpers/summary-fixture.js';

const baseline = makeSummary();
const slower = makeSummary({
  latency: { overall: latencyStats(390, { count: 22_320, p99Ms: 390 * 8 * 1.2 }), byReason: baseline.latency.byReason },
  counters: { processings: 8_000 },
});

describe('diffSummaries', () => {
  it('compares metric by metric and says which way each moved', () => {
    const diff = diffSummaries(baseline, slower);
    const row = (key: string) => diff.rows.find((r) => r.metric.key === key);
    expect(row('latency.p99')).toMatchObject({ baseline: 3120, direction: 'worse' });
    expect(row('latency.p99')?.relativeChange).toBeCloseTo(0.2);
    expect(row('processings')).toMatchObject({ baseline: 9_104, candidate: 8_000, change: -1_104, direction: 'better' });
    expect(row('messages')?.direction).toBe('same');
    expect(diff.regressed).toBe(false);
    expect(diff.mismatches).toEqual([]);
  });

  it('regresses when a rule fires, and not when it holds', () => {
    expect(diffSummaries(baseline, slower, [parseRegressionRule('latency.p99 > +10%')]).regressed).toBe(true);
    expect(diffSummaries(baseline, slower, [parseRegressionRule('latency.p99 > +25%')]).regressed).toBe(false);
    expect(diffSummaries(baseline, baseline, [parseRegressionRule('latency.p99 > +0%')]).regressed).toBe(false);
  });

  it('adds a row for a rule metric that is not shown by default', () => {
    const diff = diffSummaries(baseline, slower, [parseRegressionRule('errors > +0')]);
    expect(diff.rows.at(-1)?.metric.key).toBe('errors');
  });

  it('warns when the two runs ran different things', () => {
    const other = makeSummary({ scenario: { seed: 7, strategy: 'sweep' } });
    expect(diffSummaries(baseline, other).mismatches).toEqual(['different seeds: 42 vs 7', 'different strategies: hybrid vs sweep']);
  });
});

describe('formatSummaryDiff', () => {
  it('prints values, changes, the rules and the verdict', () => {
    const diff = diffSummaries(baseline, slower, [parseRegressionRule('latency.p99 > +10%'), parseRegressionRule('processings > +0')]);
    const text = formatSummaryDiff(diff, { color: false, baselineLabel: 'main.json', candidateLabel: 'pr.json' });
    expect(text).toMatch(/latency p99\s*│\s*3\.12 s\s*│\s*3\.74 s\s*│\s*\+624 ms\s*│\s*\+20\.0%\s*│\s*worse/);
    expect(text).toMatch(/processings\s*│\s*9,104\s*│\s*8,000\s*│\s*-1,104\s*│\s*-12\.1%\s*│\s*better/);
    expect(text).toContain('REGRESSED  latency.p99 > +10%  (3.12 s -> 3.74 s, change +20.0%)');
    expect(text).toContain('ok         processings > +0  (9,104 -> 8,000, change -1,104)');
    expect(text).toContain('REGRESSION: 1 of 2 rules fired');
  });

  it('says so when no rule was given', () => {
    const text = formatSummaryDiff(diffSummaries(baseline, slower), { color: false, baselineLabel: 'a', candidateLabel: 'b' });
    expect(text).toContain('no --fail-on rule given: nothing counts as a regression');
  });
});

describe('parseSummaryJson', () => {
  it('reads the JSON report run --json writes, nulls as NaN', () => {
    const summary = makeSummary({ counters: { marksPerProcessing: Number.NaN } });
    const text = JSON.stringify(toJsonReport(summary, { toolVersion: '0.1.0' }));
    const read = parseSummaryJson(text, 'a.json');
    expect(read.counters.processings).toBe(9_104);
    const diff = diffSummaries(read, summary);
    expect(diff.rows.find((r) => r.metric.key === 'marksPerProcessing')?.direction).toBe('unknown');
    expect(diff.rows.find((r) => r.metric.key === 'latency.p99')?.direction).toBe('same');
  });

  it.each([
    ['{', /a.json: not JSON/],
    ['[1, 2]', /a.json: holds 2 reports/],
    ['"x"', /expected a JSON object/],
    ['{"schemaVersion": 1, "counters": {}}', /missing scenario, latency.overall, latency.byReason, expectations/],
    ['{"schemaVersion": 9}', /schemaVersion 9 is newer/],
    ['{"kind": "batcher-sim-tune"}', /is a tune report/],
  ])('refuses %j with a message naming the file', (text, message) => {
    expect(() => parseSummaryJson(text, 'a.json')).toThrow(SummaryFileError);
    expect(() => parseSummaryJson(text, 'a.json')).toThrow(message);
  });
});
