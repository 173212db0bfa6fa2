/**
 * The human summary of a run: a heading, the latency table, the counters table, then the
 * expectation results and the verdict. Pure: summary in, string out, colour only when asked.
 */
import Table from 'cli-table3';
import { MARK_REASONS } from '../batcher/ports.js';
import type { LatencyStats, RunSummary } from '../metrics/summary.js';
import { formatExpectationResults } from './expectations.js';
import {
  formatBytes,
  formatDecimal,
  formatDurationMs,
  formatInteger,
  formatPercent,
  formatSpeed,
} from './format.js';
import { createPainter, type Painter } from './paint.js';

export interface SummaryTableOptions {
  color: boolean;
}

function newTable(head: string[], paint: Painter, colAligns: Table.HorizontalAlignment[]): Table.Table {
  return new Table({
    head: head.map((h) => paint.bold(h)),
    colAligns,
    // cli-table3 colours heads and borders on its own unless told not to; colour is decided by us.
    style: { head: [], border: [], compact: true },
  });
}

export function formatHeading(summary: RunSummary, paint: Painter): string[] {
  const { scenario, run } = summary;
  const lines = [
    `${paint.bold(scenario.name)}  ${paint.dim('|')}  strategy ${scenario.strategy}  ${paint.dim('|')}  ` +
      `seed ${scenario.seed}  ${paint.dim('|')}  ${scenario.clock} clock`,
    `${formatDurationMs(run.simulatedMs)} simulated in ${formatDurationMs(run.wallMs)} wall (${formatSpeed(run.speed)})`,
  ];
  if (!summary.completed) {
    lines.push(
      paint.warn(
        `interrupted at ${formatDurationMs(run.simulatedMs)} of ${formatDurationMs(scenario.durationMs)}: partial results`,
      ),
    );
  }
  // The strategy is on the first line; a setting without a value (null) does not apply to it.
  const settings = Object.entries(scenario.settings)
    .filter(([key, value]) => key !== 'strategy' && value !== null)
    .map(([key, value]) => `${key}=${String(value)}`);
  if (settings.length > 0) lines.push(paint.dim(`settings: ${settings.join('  ')}`));
  return lines;
}

function latencyRow(label: string, stats: LatencyStats): string[] {
  return [
    label,
    formatInteger(stats.count),
    formatDurationMs(stats.p50Ms),
    formatDurationMs(stats.p90Ms),
    formatDurationMs(stats.p99Ms),
    formatDurationMs(stats.maxMs),
  ];
}

/** Overall, then one row per reason that was seen: empty reasons only add noise. */
export function formatLatencyTable(summary: RunSummary, paint: Painter): string {
  const table = newTable(['latency (mark to client)', 'count', 'p50', 'p90', 'p99', 'max'], paint, [
    'left',
    'right',
    'right',
    'right',
    'right',
    'right',
  ]);
  table.push(latencyRow('overall', summary.latency.overall));
  for (const reason of MARK_REASONS) {
    const stats = summary.latency.byReason[reason];
    if (stats.count > 0) table.push(latencyRow(`  ${reason}`, stats));
  }
  table.push(latencyRow('event-loop lag', summary.eventLoopLag));
  return table.toString();
}

export function formatCountersTable(summary: RunSummary, paint: Painter): string {
  const c = summary.counters;
  const pairs: [string, string][] = [
    ['marks', formatInteger(c.marks)],
    ['processings', formatInteger(c.processings)],
    ['processings per mark', formatDecimal(c.processingsPerMark, 3)],
    ['marks per processing', formatDecimal(c.marksPerProcessing, 2)],
    ['duplicate processings', formatInteger(c.duplicateProcessings)],
    ['no-op diffs', formatInteger(c.noOpDiffs)],
    ['messages sent', formatInteger(c.messages)],
    ['bytes sent', formatBytes(c.bytes)],
    ['errors', formatInteger(c.errors)],
    ['retries', formatInteger(c.retries)],
    ['sweeper runs', formatInteger(c.sweeperRuns)],
    ['sweeps skipped', formatInteger(c.sweepsSkipped)],
    ['debounce timers fired', formatInteger(c.debounceTimersFired)],
    ['batches processed', formatInteger(c.batchesProcessed)],
    ['max dirty users', formatInteger(c.maxDirtyUsers)],
    ['max active timers', formatInteger(c.maxActiveTimers)],
    ['CPU busy', formatPercent(c.cpuBusyFraction)],
    ['redis commands', formatInteger(c.redisCommands.total)],
    ['changes applied', formatInteger(c.changesApplied)],
    ['max stale clients', formatInteger(summary.staleness.maxStaleClients)],
  ];
  const table = newTable(['counter', 'value', 'counter', 'value'], paint, ['left', 'right', 'left', 'right']);
  const half = Math.ceil(pairs.length / 2);
  for (let i = 0; i < half; i++) {
    const left = pairs[i];
    const right = pairs[i + half];
    if (left === undefined) continue;
    table.push([left[0], left[1], right?.[0] ?? '', right?.[1] ?? '']);
  }
  return table.toString();
}

export function formatSummaryTable(summary: RunSummary, options: SummaryTableOptions): string {
  const paint = createPainter(options.color);
  return [
    ...formatHeading(summary, paint),
    '',
    formatLatencyTable(summary, paint),
    formatCountersTable(summary, paint),
    '',
    formatExpectationResults(summary, paint),
    '',
  ].join('\n');
}
