/** Each expectation with PASS/FAIL in words, its value, then client consistency and the verdict. */
import { Box, Text } from 'ink';
import type { RunSummary } from '../metrics/summary.js';
import { formatMeasured } from '../report/expectations.js';
import { summarizeVerdict } from '../report/verdict.js';
import { useTheme } from './theme.js';

export interface ExpectationListProps {
  summary: RunSummary;
}

export function ExpectationList({ summary }: ExpectationListProps) {
  const theme = useTheme();
  const verdict = summarizeVerdict(summary);
  const width = Math.max(0, ...summary.expectations.map((e) => e.text.length));
  const { connectedClients, divergedClients } = summary.consistency;
  const verdictColor = !verdict.completed ? theme.warn : verdict.passed ? theme.ok : theme.bad;
  return (
    <Box flexDirection="column">
      <Text bold>expectations</Text>
      {summary.expectations.length === 0 ? (
        <Text dimColor={theme.dim}> (the scenario states no expectations)</Text>
      ) : null}
      {summary.expectations.map((result, index) => (
        <Text key={`${index}:${result.text}`}>
          {'  '}
          <Text bold color={result.passed ? theme.ok : theme.bad}>
            {result.passed ? 'PASS' : 'FAIL'}
          </Text>
          {`  ${result.text.padEnd(width)}  measured ${formatMeasured(result)}`}
        </Text>
      ))}
      <Text>
        {'  '}
        <Text bold color={divergedClients === 0 ? theme.ok : theme.bad}>
          {divergedClients === 0 ? 'PASS' : 'FAIL'}
        </Text>
        {`  clients consistent with the server: ${divergedClients} of ${connectedClients} diverged`}
      </Text>
      <Box marginTop={1}>
        <Text bold color={verdictColor}>
          {verdict.text}
        </Text>
      </Box>
    </Box>
  );
}
