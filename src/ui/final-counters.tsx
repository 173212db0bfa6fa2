/** The run's totals once it has ended: what the batcher did and what it cost. */
import { Box, Text } from 'ink';
import type { RunSummary } from '../metrics/summary.js';
import { formatDecimal, formatDurationMs, formatInteger, formatPercent } from '../report/format.js';
import { useTheme } from './theme.js';

export interface FinalCountersProps {
  summary: RunSummary;
}

function Cell({ label, value, color }: { label: string; value: string; color?: string | undefined }) {
  return (
    <Box width={24}>
      <Text>
        {`${label} `}
        <Text bold color={color}>
          {value}
        </Text>
      </Text>
    </Box>
  );
}

export function FinalCounters({ summary }: FinalCountersProps) {
  const theme = useTheme();
  const c = summary.counters;
  return (
    <Box flexDirection="column">
      <Box>
        <Cell label="marks" value={formatInteger(c.marks)} />
        <Cell label="processings" value={formatInteger(c.processings)} />
        <Cell label="per mark" value={formatDecimal(c.processingsPerMark, 3)} />
        <Cell label="duplicates" value={formatInteger(c.duplicateProcessings)} color={c.duplicateProcessings > 0 ? theme.warn : undefined} />
      </Box>
      <Box>
        <Cell label="sweeper runs" value={formatInteger(c.sweeperRuns)} />
        <Cell label="errors" value={formatInteger(c.errors)} color={c.errors > 0 ? theme.bad : undefined} />
        <Cell label="max dirty" value={formatInteger(c.maxDirtyUsers)} />
        <Cell label="max timers" value={formatInteger(c.maxActiveTimers)} />
      </Box>
      <Box>
        <Cell label="CPU busy" value={formatPercent(c.cpuBusyFraction)} />
        <Cell label="loop lag p99" value={formatDurationMs(summary.eventLoopLag.p99Ms)} />
        <Cell label="redis cmds" value={formatInteger(c.redisCommands.total)} />
        <Cell label="messages" value={formatInteger(c.messages)} />
      </Box>
    </Box>
  );
}
