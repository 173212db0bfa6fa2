/**
 * The calibration as people read it: the heading sets the real loop's busy share against the
 * modelled CPU, and event-loop lag is shown (same probe on both clocks) but not judged.
 */
import { describe, expect, it } from 'vitest';
import { formatCalibrationReport } from '../../src/calibrate/calibration-table.js';
import { compareClockRuns } from '../../src/calibrate/clock-comparison.js';
import type { CalibrationReport } from '../../src/calibrate/run-calibration.js';
import { DEFAULT_CALIBRATION_TOLERANCE } from '../../src/calibrate/tolerance.js';
import { makeSummary } from '../helpers/summary-fixture.js';

function report(realLoopBusyFraction: number, modelledCpuFraction: number): CalibrationReport {
  const virtual = makeSummary({ counters: { cpuBusyFraction: modelledCpuFraction } });
  const real = makeSummary({ scenario: { clock: 'real' }, counters: { cpuBusyFraction: modelledCpuFraction } });
  const comparison = compareClockRuns(virtual, real, DEFAULT_CALIBRATION_TOLERANCE);
  return {
    scenario: { name: 'storm', seed: 42, durationMs: 20_000, users: 2000, strategy: 'hybrid' },
    tolerance: DEFAULT_CALIBRATION_TOLERANCE,
    virtual,
    real,
    comparison,
    realLoopBusyFraction,
    completed: true,
    passed: comparison.passed,
  };
}

describe('formatCalibrationReport', () => {
  it("heads the table with the real loop's busy share, the modelled CPU and how far the simulator went beyond it", () => {
    const text = formatCalibrationReport(report(0.171, 0.157), { color: false });
    expect(text).toContain('real event loop busy 17.1% of the run for 15.7% of modelled CPU');
    expect(text).toContain("the simulator's own work counts toward the modelled CPU, and went 1.4 pt beyond it");
  });

  it('says nothing of a share beyond the model when there is none', () => {
    const text = formatCalibrationReport(report(0.3, 0.3), { color: false });
    expect(text).toContain('real event loop busy 30.0% of the run for 30.0% of modelled CPU');
    expect(text).not.toContain('beyond it');
  });

  it('shows event-loop lag as the same probe on both clocks, not judged', () => {
    const text = formatCalibrationReport(report(0.2, 0.1), { color: false });
    expect(text).toMatch(/event-loop lag p99 .* same probe, no goal/);
    expect(text).toContain('event-loop lag (the same 20 ms probe on both clocks; the issue sets no goal for it)');
  });
});
