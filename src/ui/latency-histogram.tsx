/** The latency distribution as horizontal bars, one per histogram bucket, scaled to the fullest. */
import { Box, Text } from 'ink';
import { formatDurationMs, formatInteger } from '../report/format.js';
import { horizontalBar } from './bar-text.js';
import { useTheme } from './theme.js';

export interface LatencyHistogramProps {
  buckets: readonly { upToMs: number; count: number }[];
  barWidth?: number;
}

export function LatencyHistogram({ buckets, barWidth = 30 }: LatencyHistogramProps) {
  const theme = useTheme();
  if (buckets.length === 0) return <Text dimColor={theme.dim}>latency histogram: no deliveries yet</Text>;
  const max = Math.max(...buckets.map((b) => b.count));
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  return (
    <Box flexDirection="column">
      <Text bold>latency histogram</Text>
      {buckets.map((bucket) => (
        <Text key={bucket.upToMs}>
          {`<= ${formatDurationMs(bucket.upToMs)}`.padStart(12)}{' '}
          <Text color={theme.accent}>{horizontalBar(max > 0 ? bucket.count / max : 0, barWidth).padEnd(barWidth)}</Text>
          {` ${formatInteger(bucket.count).padStart(8)}  ${total > 0 ? ((bucket.count / total) * 100).toFixed(1) : '0.0'}%`}
        </Text>
      ))}
    </Box>
  );
}
