import { describe, expect, it } from 'vitest';
import { toTimeSeriesNdjson } from '../../src/report/timeseries.js';
import { makeSummary, timeSeries } from '../helpers/summary-fixture.js';

describe('toTimeSeriesNdjson', () => {
  it('writes one JSON object per sample and line, naming the scenario', () => {
    const text = toTimeSeriesNdjson(makeSummary());
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(first)).toEqual([
      'scenario',
      'atMs',
      'dirtyUsers',
      'activeTimers',
      'marksPerSecond',
      'processingsPerSecond',
      'windowP99Ms',
    ]);
    expect(first).toEqual({ scenario: 'storm', ...timeSeries()[0] });
  });

  it('concatenates several runs and writes nothing for no samples', () => {
    const two = toTimeSeriesNdjson([makeSummary(), makeSummary({ scenario: { name: 'calm' }, timeSeries: timeSeries(2) })]);
    expect(two.trimEnd().split('\n').map((l) => (JSON.parse(l) as { scenario: string }).scenario)).toEqual([
      ...Array<string>(6).fill('storm'),
      'calm',
      'calm',
    ]);
    expect(toTimeSeriesNdjson(makeSummary({ timeSeries: [] }))).toBe('');
  });
});
