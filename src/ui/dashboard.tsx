/**
 * The live dashboard: the root component. While the run goes on it shows the latest snapshot; once
 * the summary arrives it shows the totals and each expectation. It only reads the feed; stopping
 * is asked for through onQuit and decided by the CLI.
 */
import { Box, Text } from 'ink';
import type { RunSnapshot } from '../engine/snapshot.js';
import type { RunSummary } from '../metrics/summary.js';
import { ExpectationList } from './expectation-list.js';
import { FinalCounters } from './final-counters.js';
import { Header } from './header.js';
import { LatencyHistogram } from './latency-histogram.js';
import { LatencyTable } from './latency-table.js';
import { LiveCounters } from './live-counters.js';
import type { RunFeed } from './run-feed.js';
import type { DashboardRunInfo } from './run-info.js';
import { RunProgress } from './run-progress.js';
import { Trends } from './trends.js';
import { useQuitKeys } from './use-quit-keys.js';
import { useRunFeed } from './use-run-feed.js';
import { ThemeContext, themeFor, useTheme } from './theme.js';

export interface DashboardProps {
  info: DashboardRunInfo;
  feed: RunFeed;
  onQuit: () => void;
  color: boolean;
  /** Whether q / Ctrl-C are read from stdin (false in tests without a terminal). */
  readKeys?: boolean;
}

function Live({ snapshot, stopping }: { snapshot: RunSnapshot; stopping: boolean }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" gap={1}>
      <RunProgress
        simulatedMs={snapshot.simulatedMs}
        durationMs={snapshot.durationMs}
        speed={snapshot.speed}
        activePhases={snapshot.activePhases}
        state={stopping ? 'stopping' : 'running'}
      />
      <LiveCounters
        marksPerSecond={snapshot.marksPerSecond}
        processingsPerSecond={snapshot.processingsPerSecond}
        dirtyUsers={snapshot.dirtyUsers}
        activeTimers={snapshot.activeTimers}
        sweeperRuns={snapshot.sweeperRuns}
        errors={snapshot.errors}
        cpuBusyFraction={snapshot.cpuBusyFraction}
        eventLoopLag={snapshot.eventLoopLag}
      />
      <LatencyTable overall={snapshot.latency.overall} byReason={snapshot.latency.byReason} />
      <LatencyHistogram buckets={snapshot.latencyBuckets} />
      <Trends recent={snapshot.recent} />
      <Text dimColor={theme.dim}>q or Ctrl-C: stop the run and keep the partial results</Text>
    </Box>
  );
}

function Final({ summary, lastSnapshot }: { summary: RunSummary; lastSnapshot: RunSnapshot | null }) {
  return (
    <Box flexDirection="column" gap={1}>
      <RunProgress
        simulatedMs={summary.run.simulatedMs}
        durationMs={summary.scenario.durationMs}
        speed={summary.run.speed}
        activePhases={[]}
        state={summary.completed ? 'done' : 'interrupted'}
      />
      <FinalCounters summary={summary} />
      <LatencyTable overall={summary.latency.overall} byReason={summary.latency.byReason} />
      {lastSnapshot === null ? null : <LatencyHistogram buckets={lastSnapshot.latencyBuckets} />}
      <Trends recent={summary.timeSeries} />
      <ExpectationList summary={summary} />
    </Box>
  );
}

/** Before the first snapshot: an empty progress line, so the layout does not jump. */
function Waiting({ info }: { info: DashboardRunInfo }) {
  return <RunProgress simulatedMs={0} durationMs={info.durationMs} speed={0} activePhases={[]} state="running" />;
}

export function Dashboard({ info, feed, onQuit, color, readKeys = true }: DashboardProps) {
  const { snapshot, summary, stopping } = useRunFeed(feed);
  useQuitKeys(onQuit, readKeys && summary === null);
  let body;
  if (summary !== null) body = <Final summary={summary} lastSnapshot={snapshot} />;
  else if (snapshot !== null) body = <Live snapshot={snapshot} stopping={stopping} />;
  else body = <Waiting info={info} />;
  return (
    <ThemeContext.Provider value={themeFor(color)}>
      <Box flexDirection="column" gap={1}>
        <Header info={info} />
        {body}
      </Box>
    </ThemeContext.Provider>
  );
}
