/**
 * The calibration as people read it: a heading with both runs' timing, one table of figures side by
 * side (difference, allowance, verdict per row), and a closing verdict. Pure: report in, text out;
 * colour only when asked.
 */
import Table from 'cli-table3';
import { formatDecimal, formatDurationMs, formatInteger, formatPercent, formatSpeed } from '../report/format.js';
import { createPainter, type Painter } from '../report/paint.js';
import type { CalibrationRow, CalibrationUnit } from './clock-comparison.js';
import type { CalibrationReport } from './run-calibration.js';

export interface CalibrationTableOptions {
  color: boolean;
}

function formatValue(value: number, unit: CalibrationUnit): string {
  switch (unit) {
    case 'count':
      return formatInteger(value);
    case 'ms':
      return formatDurationMs(value);
    case 'ratio':
      return formatDecimal(value, 2);
    case 'fraction':
      return formatPercent(value);
  }
}

function formatDifference(row: CalibrationRow): string {
  const sign = row.difference > 0 ? '+' : '';
  const absolute = row.unit === 'fraction' ? `${sign}${formatDecimal(row.difference * 100, 1)} pt` : `${sign}${formatValue(row.difference, row.unit)}`;
  if (row.relativeDifference === null || row.unit === 'fraction') return absolute;
  const relativeSign = row.relativeDifference > 0 ? '+' : '';
  return `${absolute} (${relativeSign}${formatDecimal(row.relativeDifference * 100, 1)}%)`;
}

function verdictCell(row: CalibrationRow, paint: Painter): string {
  if (row.within === null) return paint.dim(row.note ?? 'shown');
  return row.within ? paint.ok('ok') : paint.bad('OUTSIDE');
}

function heading(report: CalibrationReport, paint: Painter): string[] {
  const { scenario, virtual, real } = report;
  const lines = [
    `${paint.bold(scenario.name)}  ${paint.dim('|')}  calibration: virtual clock against real clock  ${paint.dim('|')}  ` +
      `seed ${scenario.seed}  ${paint.dim('|')}  strategy ${scenario.strategy}`,
    `${formatDurationMs(scenario.durationMs)} simulated, ${formatInteger(scenario.users)} users at the start`,
    `virtual: ${formatDurationMs(virtual.run.wallMs)} wall (${formatSpeed(virtual.run.speed)})` +
      (real === null ? '' : `   real: ${formatDurationMs(real.run.wallMs)} wall (${formatSpeed(real.run.speed)})`),
  ];
  if (real !== null && report.realLoopBusyFraction !== null) {
    const beyondPt = (report.realLoopBusyFraction - real.counters.cpuBusyFraction) * 100;
    lines.push(
      `real event loop busy ${formatPercent(report.realLoopBusyFraction)} of the run for ` +
        `${formatPercent(real.counters.cpuBusyFraction)} of modelled CPU: the simulator's own work counts toward the modelled CPU` +
        (beyondPt > 0.05 ? `, and went ${formatDecimal(beyondPt, 1)} pt beyond it` : ''),
    );
  }
  return lines;
}

export function formatCalibrationReport(report: CalibrationReport, options: CalibrationTableOptions): string {
  const paint = createPainter(options.color);
  const lines = heading(report, paint);
  if (report.comparison === null) {
    lines.push(paint.warn('stopped before the real-clock run: nothing to compare'));
    return lines.join('\n');
  }
  const table = new Table({
    head: ['figure', 'virtual', 'real', 'real - virtual', 'allowed', ''].map((h) => paint.bold(h)),
    colAligns: ['left', 'right', 'right', 'right', 'right', 'left'],
    style: { head: [], border: [], compact: true },
  });
  let group: string | null = null;
  for (const row of report.comparison.rows) {
    if (group !== null && row.group !== group) table.push([{ colSpan: 6, content: '' }]);
    group = row.group;
    table.push([
      row.label,
      formatValue(row.virtual, row.unit),
      formatValue(row.real, row.unit),
      formatDifference(row),
      row.allowance === null ? '' : `±${formatValue(row.allowance, row.unit)}`,
      verdictCell(row, paint),
    ]);
  }
  lines.push(table.toString());
  const { judged, outside } = report.comparison;
  const tolerance = report.tolerance;
  const goal =
    `goal: latency percentiles within ${formatPercent(tolerance.latencyRelative)} or ${formatDurationMs(tolerance.latencyAbsoluteMs)}, ` +
    `processings within ${formatPercent(tolerance.countRelative)}`;
  lines.push(paint.dim(goal));
  lines.push(
    paint.dim(
      'not judged: max (one sample), counts that follow from the workload, and event-loop lag (the same 20 ms ' +
        'probe on both clocks; the issue sets no goal for it)',
    ),
  );
  if (!report.completed) lines.push(paint.warn('interrupted: partial results, not a calibration'));
  else if (outside === 0) lines.push(paint.ok(`CALIBRATED: all ${judged} judged figures within tolerance`));
  else lines.push(paint.bad(`OUTSIDE TOLERANCE: ${outside} of ${judged} judged figures (see docs/fidelity.md for the known limits)`));
  return lines.join('\n');
}
