/** One labelled sparkline with the latest and the largest value shown beside it. */
import { Text } from 'ink';
import { sparkline } from './sparkline-text.js';
import { useTheme } from './theme.js';

export interface SparklineProps {
  label: string;
  values: readonly number[];
  width?: number;
  format: (value: number) => string;
}

export function Sparkline({ label, values, width = 40, format }: SparklineProps) {
  const theme = useTheme();
  const shown = values.slice(-width);
  const latest = shown.at(-1);
  const max = shown.length === 0 ? 0 : Math.max(...shown);
  return (
    <Text>
      {label.padEnd(16)}
      <Text color={theme.accent}>{sparkline(shown, width).padEnd(width)}</Text>
      {latest === undefined ? '' : `  now ${format(latest)}  max ${format(max)}`}
    </Text>
  );
}
