/** The live counters, in two aligned rows: throughput and backlog first, health second. */
import { Box, Text } from 'ink';
import type { LatencyStats } from '../metrics/summary.js';
import { formatDurationMs, formatInteger, formatPercent, formatPerSecond } from '../report/format.js';
import { useTheme } from './theme.js';

export interface LiveCountersProps {
  marksPerSecond: number;
  processingsPerSecond: number;
  dirtyUsers: number;
  activeTimers: number;
  sweeperRuns: number;
  errors: number;
  cpuBusyFraction: number;
  eventLoopLag: LatencyStats;
}

interface CellProps {
  label: string;
  value: string;
  color?: string | undefined;
  /** Columns the cell takes; the last cell of a row grows instead, so nothing wraps at 100 columns. */
  width?: number | undefined;
}

function Cell({ label, value, color, width = 24 }: CellProps) {
  return (
    <Box width={width}>
      <Text>
        {`${label} `}
        <Text bold color={color}>
          {value}
        </Text>
      </Text>
    </Box>
  );
}

export function LiveCounters(props: LiveCountersProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Box>
        <Cell label="marks/s" value={formatPerSecond(props.marksPerSecond)} />
        <Cell label="processings/s" value={formatPerSecond(props.processingsPerSecond)} />
        <Cell label="dirty users" value={formatInteger(props.dirtyUsers)} />
        <Cell label="active timers" value={formatInteger(props.activeTimers)} />
      </Box>
      <Box>
        <Cell label="sweeper runs" value={formatInteger(props.sweeperRuns)} />
        <Cell label="errors" value={formatInteger(props.errors)} color={props.errors > 0 ? theme.bad : undefined} />
        <Cell label="CPU busy" value={formatPercent(props.cpuBusyFraction)} />
        <Text>
          {'lag p99 '}
          <Text bold>{formatDurationMs(props.eventLoopLag.p99Ms)}</Text>
          {', max '}
          <Text bold>{formatDurationMs(props.eventLoopLag.maxMs)}</Text>
        </Text>
      </Box>
    </Box>
  );
}
