import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatJsonReports, JSON_REPORT_SCHEMA_VERSION, toJsonReport } from '../../src/report/json.js';
import { makeFailingSummary, makeSummary } from '../helpers/summary-fixture.js';

const meta = { toolVersion: '1.2.3' };

function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.length > 0 ? keyPaths(value[0], `${prefix}[]`) : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return [path, ...keyPaths(child, path)];
  });
}

describe('toJsonReport', () => {
  it('is versioned and starts with what identifies the report', () => {
    const report = toJsonReport(makeSummary(), { toolVersion: '1.2.3', generatedAt: '2024-01-02T03:04:05.000Z' });
    expect(report.schemaVersion).toBe(JSON_REPORT_SCHEMA_VERSION);
    expect(JSON_REPORT_SCHEMA_VERSION).toBe(1);
    expect(Object.keys(report).slice(0, 5)).toEqual(['schemaVersion', 'tool', 'generatedAt', 'passed', 'completed']);
    expect(report.tool).toEqual({ name: 'batcher-sim', version: '1.2.3' });
    expect(report.generatedAt).toBe('2024-01-02T03:04:05.000Z');
  });

  it('holds everything the summary holds', () => {
    const summary = makeFailingSummary();
    const parsed = JSON.parse(formatJsonReports([toJsonReport(summary, meta)])) as Record<string, unknown>;
    const { scenario, counters, latency, eventLoopLag, staleness, consistency, expectations, timeSeries, run } = summary;
    expect(parsed).toMatchObject({
      passed: false,
      completed: true,
      scenario: { ...scenario },
      counters: { ...counters },
      latency: JSON.parse(JSON.stringify(latency)) as object,
      eventLoopLag: { ...eventLoopLag },
      staleness: { ...staleness },
      consistency: JSON.parse(JSON.stringify(consistency)) as object,
      expectations: JSON.parse(JSON.stringify(expectations)) as object,
      timeSeries: JSON.parse(JSON.stringify(timeSeries)) as object,
      run: { ...run },
    });
  });

  it('writes keys in the same order whatever order the summary was built in', () => {
    const summary = makeSummary();
    const shuffled = JSON.parse(JSON.stringify(summary), (_key, value: unknown) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      return Object.fromEntries(Object.entries(value).reverse());
    }) as typeof summary;
    // The settings map keeps the engine's order on purpose; give both the same.
    shuffled.scenario.settings = summary.scenario.settings;
    expect(formatJsonReports([toJsonReport(shuffled, meta)])).toBe(formatJsonReports([toJsonReport(summary, meta)]));
  });

  it('keeps keys it does not know yet, after the known ones', () => {
    const summary = makeSummary();
    const extended = { ...summary, counters: { ...summary.counters, zebraCount: 7, alphaCount: 1 }, futureSection: { a: 1 } };
    const report = toJsonReport(extended, meta);
    const counterKeys = Object.keys(report.counters);
    expect(counterKeys.slice(-2)).toEqual(['alphaCount', 'zebraCount']);
    expect(report['futureSection']).toEqual({ a: 1 });
  });

  it('writes null for numbers that are not finite, never NaN', () => {
    const summary = makeSummary({ counters: { marks: 0, processings: 0, processingsPerMark: Number.NaN, marksPerProcessing: Number.POSITIVE_INFINITY } });
    const text = formatJsonReports([toJsonReport(summary, meta)]);
    const parsed = JSON.parse(text) as { counters: Record<string, unknown> };
    expect(parsed.counters['processingsPerMark']).toBeNull();
    expect(parsed.counters['marksPerProcessing']).toBeNull();
  });

  it('prints one object for one run and an array for several', () => {
    const one = JSON.parse(formatJsonReports([toJsonReport(makeSummary(), meta)])) as unknown;
    const two = JSON.parse(
      formatJsonReports([toJsonReport(makeSummary(), meta), toJsonReport(makeSummary({ scenario: { name: 'calm' } }), meta)]),
    ) as unknown;
    expect(Array.isArray(one)).toBe(false);
    expect(Array.isArray(two)).toBe(true);
    expect((two as { scenario: { name: string } }[]).map((r) => r.scenario.name)).toEqual(['storm', 'calm']);
  });

  it('documents every key it writes in docs/json-report.md', () => {
    const doc = readFileSync(new URL('../../docs/json-report.md', import.meta.url), 'utf8');
    const report = toJsonReport(makeFailingSummary(), meta);
    const undocumented = [...new Set(keyPaths(report))]
      .filter((path) => !path.startsWith('scenario.settings.'))
      .filter((path) => !doc.includes(`\`${path}\``));
    expect(undocumented).toEqual([]);
  });
});
