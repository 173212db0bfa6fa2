/**
 * The same scenario on both clocks, side by side: one row per figure, each with the difference and,
 * where the issue sets a goal, whether it is met. Pure: two summaries in, rows out.
 *
 * Judged: processing counts and the latency percentiles (p50, p90, p99) overall and per reason.
 * Shown only: marks (the workload is the same on both clocks, so they should match exactly), marks
 * per processing, the maximum latency (one sample), CPU busy, and event-loop lag (the same 20 ms
 * probe on both clocks, but the issue sets no goal for it; see docs/fidelity.md).
 */
import { MARK_REASONS, type MarkReason } from '../batcher/ports.js';
import type { LatencyStats, RunSummary } from '../metrics/summary.js';
import { countAllowance, latencyAllowanceMs, type CalibrationTolerance } from './tolerance.js';

export type CalibrationUnit = 'count' | 'ms' | 'ratio' | 'fraction';
export type CalibrationGroup = 'counts' | 'latency' | 'event-loop';

export interface CalibrationRow {
  group: CalibrationGroup;
  /** The metric's key, in the names `expect` and `diff` use: `processings`, `latency{reason=event_update}.p99`. */
  metric: string;
  /** What a person reads: `processings`, `event_update p99`. */
  label: string;
  unit: CalibrationUnit;
  virtual: number;
  real: number;
  /** real - virtual. */
  difference: number;
  /** difference / virtual, or null when the virtual value is 0. */
  relativeDifference: number | null;
  /** The largest |difference| allowed, or null when this row is shown but not judged. */
  allowance: number | null;
  /** Whether |difference| <= allowance; null when not judged. */
  within: boolean | null;
  /** Why a row is not judged, when it is not. */
  note?: string;
}

export interface ClockComparison {
  rows: CalibrationRow[];
  /** Rows judged, and those outside their allowance. */
  judged: number;
  outside: number;
  /** Every judged row within its allowance. */
  passed: boolean;
}

const PERCENTILES = [
  ['p50', 'p50Ms'],
  ['p90', 'p90Ms'],
  ['p99', 'p99Ms'],
] as const;

function row(
  fields: Omit<CalibrationRow, 'difference' | 'relativeDifference' | 'within'>,
): CalibrationRow {
  const difference = fields.real - fields.virtual;
  const relativeDifference = fields.virtual === 0 ? null : difference / fields.virtual;
  // A tiny epsilon so that a difference equal to the allowance, computed in floating point, passes.
  const within = fields.allowance === null ? null : Math.abs(difference) <= fields.allowance + 1e-9;
  return { ...fields, difference, relativeDifference, within };
}

function shown(note: string): { allowance: null; note: string } {
  return { allowance: null, note };
}

function latencyRows(
  scope: 'overall' | MarkReason,
  virtual: LatencyStats,
  real: LatencyStats,
  tolerance: CalibrationTolerance,
): CalibrationRow[] {
  const prefix = scope === 'overall' ? 'latency' : `latency{reason=${scope}}`;
  const few = Math.min(virtual.count, real.count) < tolerance.minSamplesToJudge;
  const rows: CalibrationRow[] = [
    row({
      group: 'latency',
      metric: `${prefix}.count`,
      label: `${scope} deliveries`,
      unit: 'count',
      virtual: virtual.count,
      real: real.count,
      ...shown('follows the marks'),
    }),
  ];
  for (const [name, key] of PERCENTILES) {
    rows.push(
      row({
        group: 'latency',
        metric: `${prefix}.${name}`,
        label: `${scope} ${name}`,
        unit: 'ms',
        virtual: virtual[key],
        real: real[key],
        ...(few
          ? shown(`< ${tolerance.minSamplesToJudge} samples`)
          : { allowance: latencyAllowanceMs(virtual[key], tolerance) }),
      }),
    );
  }
  rows.push(
    row({
      group: 'latency',
      metric: `${prefix}.max`,
      label: `${scope} max`,
      unit: 'ms',
      virtual: virtual.maxMs,
      real: real.maxMs,
      ...shown('one sample'),
    }),
  );
  return rows;
}

export function compareClockRuns(virtual: RunSummary, real: RunSummary, tolerance: CalibrationTolerance): ClockComparison {
  const rows: CalibrationRow[] = [
    row({
      group: 'counts',
      metric: 'processings',
      label: 'processings',
      unit: 'count',
      virtual: virtual.counters.processings,
      real: real.counters.processings,
      allowance: countAllowance(virtual.counters.processings, tolerance),
    }),
    row({
      group: 'counts',
      metric: 'marks',
      label: 'marks',
      unit: 'count',
      virtual: virtual.counters.marks,
      real: real.counters.marks,
      ...shown('same workload'),
    }),
    row({
      group: 'counts',
      metric: 'marksPerProcessing',
      label: 'marks per processing',
      unit: 'ratio',
      virtual: virtual.counters.marksPerProcessing,
      real: real.counters.marksPerProcessing,
      ...shown('from the counts'),
    }),
    row({
      group: 'counts',
      metric: 'cpuBusy',
      label: 'CPU busy (modelled)',
      unit: 'fraction',
      virtual: virtual.counters.cpuBusyFraction,
      real: real.counters.cpuBusyFraction,
      ...shown('configured cost'),
    }),
    ...latencyRows('overall', virtual.latency.overall, real.latency.overall, tolerance),
  ];
  for (const reason of MARK_REASONS) {
    const v = virtual.latency.byReason[reason];
    const r = real.latency.byReason[reason];
    if (v.count === 0 && r.count === 0) continue;
    rows.push(...latencyRows(reason, v, r, tolerance));
  }
  // Both clocks run the same 20 ms probe (src/engine/lag-monitor.ts); the issue sets no goal for lag.
  const lagNote = 'same probe, no goal';
  for (const [name, key] of [...PERCENTILES, ['max', 'maxMs'] as const]) {
    rows.push(
      row({
        group: 'event-loop',
        metric: `eventLoopLag.${name}`,
        label: `event-loop lag ${name}`,
        unit: 'ms',
        virtual: virtual.eventLoopLag[key],
        real: real.eventLoopLag[key],
        ...shown(lagNote),
      }),
    );
  }
  const judged = rows.filter((r) => r.within !== null);
  const outside = judged.filter((r) => r.within === false).length;
  return { rows, judged: judged.length, outside, passed: outside === 0 };
}
