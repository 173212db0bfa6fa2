/** Dirty users and processings per second over the recent samples. */
import { Box } from 'ink';
import type { TimeSeriesPoint } from '../metrics/summary.js';
import { formatInteger, formatPerSecond } from '../report/format.js';
import { Sparkline } from './sparkline.js';

export interface TrendsProps {
  recent: readonly TimeSeriesPoint[];
  width?: number;
}

export function Trends({ recent, width = 40 }: TrendsProps) {
  return (
    <Box flexDirection="column">
      <Sparkline label="dirty users" values={recent.map((p) => p.dirtyUsers)} width={width} format={formatInteger} />
      <Sparkline
        label="processings/s"
        values={recent.map((p) => p.processingsPerSecond)}
        width={width}
        format={formatPerSecond}
      />
    </Box>
  );
}
