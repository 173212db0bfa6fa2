/** The latency distribution as horizontal bars, one per histogram bucket, scaled to the fullest. */
import { Box, Text } from 'ink';
import { formatDurationMs, formatInteger } from '../report/format.js';
import { horizontalBar } from './bar-text.js';
import { useTheme } from './theme.js';

export interface LatencyHistogramProps {
  buckets: readonly { upToMs: number; count: number }[];
  barWidth?: number;
}

export interface HistogramRow {
  label: string;
  count: number;
}

/**
 * The buckets worth a line: from the first that holds a delivery to the last, so a screen is not
 * spent on empty ranges; an unbounded last bucket reads "> the bound before it".
 */
export function histogramRows(buckets: readonly { upToMs: number; count: number }[]): HistogramRow[] {
  const first = buckets.findIndex((b) => b.count > 0);
  if (first < 0) return [];
  let last = buckets.length - 1;
  while (last > first && (buckets[last]?.count ?? 0) === 0) last--;
  const rows: HistogramRow[] = [];
  for (let i = first; i <= last; i++) {
    const bucket = buckets[i];
    if (bucket === undefined) continue;
    const previous = buckets[i - 1];
    const label = Number.isFinite(bucket.upToMs)
      ? `<= ${formatDurationMs(bucket.upToMs)}`
      : previous !== undefined
        ? `> ${formatDurationMs(previous.upToMs)}`
        : 'any';
    rows.push({ label, count: bucket.count });
  }
  return rows;
}

export function LatencyHistogram({ buckets, barWidth = 30 }: LatencyHistogramProps) {
  const theme = useTheme();
  const rows = histogramRows(buckets);
  if (rows.length === 0) return <Text dimColor={theme.dim}>latency histogram: no deliveries yet</Text>;
  const max = Math.max(...rows.map((b) => b.count));
  const total = rows.reduce((sum, b) => sum + b.count, 0);
  return (
    <Box flexDirection="column">
      <Text bold>latency histogram</Text>
      {rows.map((bucket) => (
        <Text key={bucket.label}>
          {bucket.label.padStart(12)}{' '}
          <Text color={theme.accent}>{horizontalBar(max > 0 ? bucket.count / max : 0, barWidth).padEnd(barWidth)}</Text>
          {` ${formatInteger(bucket.count).padStart(8)}  ${total > 0 ? ((bucket.count / total) * 100).toFixed(1) : '0.0'}%`}
        </Text>
      ))}
    </Box>
  );
}
