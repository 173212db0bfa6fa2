import { describe, expect, it } from 'vitest';
import { analyzeTune } from '../../src/tune/analysis.js';
import { csvField, formatTuneCsv } from '../../src/tune/csv.js';
import { formatHeatMap, quarters } from '../../src/tune/heat-map.js';
import { formatProgressBar } from '../../src/tune/progress-bar.js';
import { formatTuneReport } from '../../src/tune/tune-table.js';
import { DEBOUNCE_BY_SWEEP, debounceBySweep, makeTuneResult } from './tune-fixture.js';

const result = makeTuneResult(DEBOUNCE_BY_SWEEP, debounceBySweep);
const analysis = analyzeTune(result);

describe('formatTuneReport', () => {
  it('lists the points by objective with front, recommendation and expectations', () => {
    const text = formatTuneReport(result, analysis, { color: false });
    expect(text).toContain('storm: 6 points x seed 42, sorted by latency p99');
    const rows = text.split('\n').filter((line) => /^│\s*\d/.test(line));
    expect(rows.map((row) => row.split('│')[1]?.trim())).toEqual(['0', '2', '4', '1', '3', '5']);
    expect(rows[0]).toMatch(/│\s*0\s*│\s*25\s*│\s*150\s*│\s*250 ms\s*│\s*4,333\s*│\s*met\s*│\s*front/);
    expect(rows[5]).toMatch(/900 ms\s*│\s*1,100\s*│\s*met\s*│\s*recommended front/);
    expect(text).toContain('Pareto front (latency p99 against processings, cheapest first): #5, #4, #2, #0');
    expect(text).toContain('Recommended: #5 batcher.debounceTimeoutMs=100 batcher.sweepIntervalMs=500');
  });

  it('shows the spread over seeds and how many seeds passed', () => {
    const seeded = makeTuneResult(DEBOUNCE_BY_SWEEP, (values, seed) => {
      const run = debounceBySweep(values, seed);
      return { ...run, p99: run.p99 + (seed - 42) * 9, passed: seed === 42 || run.p99 < 500 };
    }, { seeds: [42, 43, 44] });
    const text = formatTuneReport(seeded, analyzeTune(seeded), { color: false });
    expect(text).toContain('3 seeds (mean ±sd)');
    // p99 of #0 on seeds 42..44: 250, 260, 270: mean 260, population sd 8.2.
    expect(text).toMatch(/260 ms ±8\.2 ms/);
    expect(text).toMatch(/1\/3 seeds/);
  });

  it('limits the rows with top and says how many are hidden', () => {
    const text = formatTuneReport(result, analysis, { color: false, top: 2 });
    expect(text.split('\n').filter((line) => /^│\s*\d/.test(line))).toHaveLength(2);
    expect(text).toContain('(4 more points not shown; see --top)');
  });

  it('says plainly when no point meets every expectation', () => {
    const failing = makeTuneResult(DEBOUNCE_BY_SWEEP, (values) => ({ ...debounceBySweep(values), passed: false }));
    const text = formatTuneReport(failing, analyzeTune(failing), { color: false });
    expect(text).toContain('No point meets every expectation.');
    expect(text).toContain('Closest: #0 batcher.debounceTimeoutMs=25 batcher.sweepIntervalMs=150, failing latency.p99 < 1s');
  });

  it('warns that a recommendation without expectations means little', () => {
    const none = makeTuneResult(DEBOUNCE_BY_SWEEP, debounceBySweep, { expectations: 0 });
    expect(formatTuneReport(none, analyzeTune(none), { color: false })).toContain('the scenario states no expectations');
  });
});

describe('heat map', () => {
  it('puts values into quarters, best first, ties together', () => {
    expect(quarters([10, 20, 30, 40], 'lower')).toEqual([0, 1, 2, 3]);
    expect(quarters([10, 20, 30, 40], 'higher')).toEqual([3, 2, 1, 0]);
    expect(quarters([5, 5, Number.NaN, 9], 'lower')).toEqual([0, 0, null, 2]);
  });

  it('draws the objective for two grid keys, rows by the first, with marks', () => {
    const failing = makeTuneResult(DEBOUNCE_BY_SWEEP, (values) => {
      const run = debounceBySweep(values);
      return { ...run, passed: run.p99 < 800 };
    });
    const map = formatHeatMap(failing, analyzeTune(failing), { color: false });
    expect(map).not.toBeNull();
    const lines = (map ?? '').split('\n');
    expect(lines[0]).toBe('latency p99 by batcher.debounceTimeoutMs (rows) and batcher.sweepIntervalMs (columns)');
    expect(lines[1]).toBe('           150       500');
    expect(lines[2]).toMatch(/^\s*25\s+░ 250 ms\s+▓ 600 ms\s*$/);
    expect(lines[3]).toMatch(/^\s*50\s+░ 350 ms\s+▓ 700 ms\s*$/);
    // #4 is the cheapest that meets p99 < 800 ms; #5 (900 ms) misses it.
    expect(lines[4]).toMatch(/^\s*100\s+▒ 550 ms\*\s+█ 900 ms!$/);
  });

  it('leaves the cells of another shard empty', () => {
    const partial = { ...result, points: result.points.filter((p) => p.index !== 3) };
    const map = formatHeatMap(partial, analyzeTune(partial), { color: false }) ?? '';
    expect(map.split('\n')[3]).toMatch(/350 ms\s+·$/);
  });

  it('is drawn only for exactly two grid keys', () => {
    const one = makeTuneResult([{ key: 'a', values: ['1', '2'] }], () => ({ p99: 1, processings: 1 }));
    expect(formatHeatMap(one, analyzeTune(one), { color: false })).toBeNull();
    expect(formatTuneReport(result, analysis, { color: false })).toContain('(rows) and');
  });
});

describe('CSV', () => {
  it('has one row per point with the grid values, flags and metric means', () => {
    const lines = formatTuneCsv(result, analysis).trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    const header = lines[0]?.split(',') ?? [];
    expect(header.slice(0, 7)).toEqual([
      'point',
      'batcher.debounceTimeoutMs',
      'batcher.sweepIntervalMs',
      'seeds',
      'meetsExpectations',
      'paretoFront',
      'recommended',
    ]);
    expect(header).toContain('latency.p99');
    const row5 = lines[6]?.split(',') ?? [];
    expect(row5.slice(0, 7)).toEqual(['5', '100', '500', '1', 'true', 'true', 'true']);
    expect(row5[header.indexOf('latency.p99')]).toBe('900');
    // Metrics the fake runs did not measure are empty fields.
    expect(row5[header.indexOf('messages')]).toBe('');
  });

  it('adds min, max and sd columns with several seeds', () => {
    const seeded = makeTuneResult(DEBOUNCE_BY_SWEEP, debounceBySweep, { seeds: [42, 43] });
    const header = formatTuneCsv(seeded, analyzeTune(seeded)).split('\n')[0] ?? '';
    expect(header).toContain('latency.p99,latency.p99.min,latency.p99.max,latency.p99.sd');
  });

  it('quotes fields as RFC 4180 says', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(false)).toBe('false');
  });
});

describe('formatProgressBar', () => {
  it('fills in proportion and estimates the time left', () => {
    expect(formatProgressBar({ done: 4, total: 16, elapsedMs: 2000, width: 8 })).toBe('[##......] 4/16 runs  2.00 s  about 6.00 s left');
    expect(formatProgressBar({ done: 16, total: 16, elapsedMs: 8000, width: 8, unit: 'points' })).toBe('[########] 16/16 points  8.00 s');
    expect(formatProgressBar({ done: 0, total: 0, elapsedMs: 0, width: 4 })).toBe('[####] 0/0 runs  0 ms');
  });
});
