/** Latency percentiles overall and per mark reason; reasons not seen yet are left out. */
import { Box, Text } from 'ink';
import { MARK_REASONS, type MarkReason } from '../batcher/ports.js';
import type { LatencyStats } from '../metrics/summary.js';
import { formatDurationMs, formatInteger } from '../report/format.js';
import { useTheme } from './theme.js';

export interface LatencyTableProps {
  overall: LatencyStats;
  byReason: Readonly<Record<MarkReason, LatencyStats>>;
}

const LABEL_WIDTH = 18;
const COLUMN_WIDTH = 10;

function row(label: string, cells: readonly string[]): string {
  return label.padEnd(LABEL_WIDTH) + cells.map((c) => c.padStart(COLUMN_WIDTH)).join('');
}

function statsCells(stats: LatencyStats): string[] {
  return [
    formatInteger(stats.count),
    formatDurationMs(stats.p50Ms),
    formatDurationMs(stats.p90Ms),
    formatDurationMs(stats.p99Ms),
    formatDurationMs(stats.maxMs),
  ];
}

export function LatencyTable({ overall, byReason }: LatencyTableProps) {
  const theme = useTheme();
  const reasons = MARK_REASONS.filter((reason) => byReason[reason].count > 0);
  return (
    <Box flexDirection="column">
      <Text bold>{row('latency', ['count', 'p50', 'p90', 'p99', 'max'])}</Text>
      <Text>{row('overall', statsCells(overall))}</Text>
      {reasons.map((reason) => (
        <Text key={reason} dimColor={theme.dim}>
          {row(`  ${reason}`, statsCells(byReason[reason]))}
        </Text>
      ))}
    </Box>
  );
}
