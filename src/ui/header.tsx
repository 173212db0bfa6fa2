/** The run's identity: scenario, clock, seed, strategy and the batcher settings in force. */
import { Box, Text } from 'ink';
import type { DashboardRunInfo } from './run-info.js';
import { useTheme } from './theme.js';

export interface HeaderProps {
  info: DashboardRunInfo;
}

export function Header({ info }: HeaderProps) {
  const theme = useTheme();
  const settings = Object.entries(info.settings)
    .filter(([key]) => key !== 'strategy')
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('  ');
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold color={theme.accent}>
          batcher-sim
        </Text>
        {'  '}
        <Text bold>{info.name}</Text>
        {info.description === '' ? '' : `  ${info.description}`}
      </Text>
      <Text>
        {`${info.clock} clock  |  seed ${info.seed}  |  strategy ${info.strategy}`}
      </Text>
      {settings === '' ? null : <Text dimColor={theme.dim}>{settings}</Text>}
    </Box>
  );
}
