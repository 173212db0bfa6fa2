import { stripVTControlCharacters as stripAnsi } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatSummaryTable } from '../../src/report/table.js';
import { EMPTY_LATENCY, latencyByReason, makeFailingSummary, makeSummary } from '../helpers/summary-fixture.js';

const ESC = '\u001b[';

describe('formatSummaryTable', () => {
  it('shows the run, its settings, latency per reason, counters and each expectation with its value', () => {
    const text = formatSummaryTable(makeSummary(), { color: false });
    expect(text).toContain('storm');
    expect(text).toContain('strategy hybrid');
    expect(text).toContain('seed 42');
    expect(text).toContain('virtual clock');
    expect(text).toContain('1m 00s simulated in 1.23 s wall');
    expect(text).toContain('debounceTimeoutMs=200');
    expect(text).toMatch(/viewport_change\s+│\s+4,200\s+│\s+210 ms/);
    expect(text).toMatch(/event_update\s+│\s+18,000\s+│\s+2.40 s/);
    expect(text).toMatch(/marks\s+│\s+22,320/);
    expect(text).toMatch(/PASS\s+latency\.p99 < 5s\s+measured 3.12 s/);
    expect(text).toMatch(/PASS\s+processings \/ marks < 0\.5\s+measured 0\.4079/);
    expect(text).toContain('PASSED: 2 of 2 expectations met; no client diverged');
  });

  it('leaves out reasons that never occurred', () => {
    const text = formatSummaryTable(makeSummary(), { color: false });
    expect(text).not.toContain('initial_request');
    const withInitial = makeSummary({
      latency: { overall: EMPTY_LATENCY, byReason: { ...latencyByReason(), initial_request: { ...EMPTY_LATENCY, count: 3 } } },
    });
    expect(formatSummaryTable(withInitial, { color: false })).toContain('initial_request');
  });

  it('names the failed expectation, the divergence and a diverged client', () => {
    const text = formatSummaryTable(makeFailingSummary(), { color: false });
    expect(text).toMatch(/FAIL\s+latency\.p99 < 500ms\s+measured 3.12 s/);
    expect(text).toContain('FAIL  clients consistent with the server: 2 of 1000 diverged');
    expect(text).toContain('user-17: 2 missing, 1 extra, 0 stale');
    expect(text).toContain('FAILED: 1 of 2 expectations failed; 2 of 1000 clients diverged');
  });

  it('says when results are partial', () => {
    const text = formatSummaryTable(makeSummary({ completed: false, run: { simulatedMs: 31_000 } }), { color: false });
    expect(text).toContain('interrupted at 31.00 s of 1m 00s: partial results');
    expect(text).toContain('INTERRUPTED:');
  });

  it('writes escape codes only when colour is asked for, and the same text either way', () => {
    const plain = formatSummaryTable(makeFailingSummary(), { color: false });
    const coloured = formatSummaryTable(makeFailingSummary(), { color: true });
    expect(plain).not.toContain(ESC);
    expect(coloured).toContain(ESC);
    expect(stripAnsi(coloured)).toBe(plain);
  });
});
