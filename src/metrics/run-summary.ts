/**
 * The run summary in two steps, so expectations can be evaluated between them:
 *   const measured = measureRun({ recorder, batcherStats, worldStats, clockUsage, simulatedMs, consistency });
 *   const expectations = evaluate(engine's expectations against { ...measured });
 *   const summary = buildRunSummary({ scenario, measured, expectations, completed, run });
 * A summary passes only when every expectation passed and no client diverged.
 */
import type { BatcherStats } from '../batcher/stats.js';
import type { WorldStats } from '../world/world.js';
import type { MetricsRecorder } from './metrics-recorder.js';
import type { ConsistencyReport, ExpectationResult, RunCounters, RunSummary, WorldRunDetails } from './summary.js';

/** What the clock reports of its loop (VirtualClock.getStats() fits; a RealClock gives cpuBusyMs only). */
export interface ClockUsage {
  cpuBusyMs: number;
  /** Callbacks run, and those that ran late: the on-time rest count as lag 0. */
  callbacksRun?: number;
  timersFiredLate?: number;
}

export interface MeasureRunInput {
  recorder: MetricsRecorder;
  batcherStats: BatcherStats;
  worldStats: WorldStats;
  clockUsage: ClockUsage;
  /** Simulated time the run covered (for rates and the CPU busy fraction). */
  simulatedMs: number;
  consistency: ConsistencyReport;
  /** Changes not visible on their client at the end (World.pendingWork().undeliveredChanges). */
  undeliveredChanges?: number;
}

export type MeasuredRun = Pick<
  RunSummary,
  'counters' | 'latency' | 'eventLoopLag' | 'staleness' | 'consistency' | 'timeSeries'
> & { world: WorldRunDetails };

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

export function measureRun(input: MeasureRunInput): MeasuredRun {
  const { recorder, batcherStats: b, worldStats: w, clockUsage, simulatedMs } = input;
  const marks = b.totalUsersMarkedDirty;
  const processings = recorder.processings;
  const sampled = recorder.sampledMaxima();
  const counters: RunCounters = {
    marks,
    processings,
    processingsPerMark: ratio(processings, marks),
    marksPerProcessing: ratio(marks, processings),
    noOpDiffs: w.noOpDiffs,
    messages: w.messages,
    bytes: w.bytes,
    duplicateProcessings: w.processingsWithNothingPending,
    duplicateProcessingsAvoided: b.totalDuplicateProcessingsAvoided,
    errors: b.totalProcessingErrors,
    retries: b.totalRetries,
    sweeperRuns: b.totalSweeperRuns,
    sweepsSkipped: b.totalSweepsSkipped,
    debounceTimersFired: b.totalDebounceTimersFired,
    batchesProcessed: b.totalBatchesProcessed,
    maxDirtyUsers: Math.max(b.maxDirtyUsers, sampled.dirtyUsers),
    maxActiveTimers: Math.max(b.maxActiveTimers, sampled.activeTimers),
    cpuBusyFraction: simulatedMs > 0 ? Math.min(1, clockUsage.cpuBusyMs / simulatedMs) : 0,
    redisCommands: { ...w.redis },
    changesApplied: w.changesApplied,
    usersConnected: w.usersConnected,
    usersDisconnected: w.usersDisconnected,
  };
  const onTime =
    clockUsage.callbacksRun === undefined ? 0 : Math.max(0, clockUsage.callbacksRun - (clockUsage.timersFiredLate ?? 0));
  return {
    counters,
    latency: recorder.latency(),
    eventLoopLag: recorder.eventLoopLag(onTime),
    staleness: recorder.staleness(),
    consistency: input.consistency,
    timeSeries: recorder.timeSeries(),
    world: {
      sendFailures: w.failedSends,
      outageFailures: w.outageFailures,
      filterErrors: w.filterErrors,
      fullSends: w.fullSends,
      opSends: w.opSends,
      overlappingProcessings: w.overlappingProcessings,
      undeliveredChanges: input.undeliveredChanges ?? 0,
      changesIgnored: w.changesIgnored,
      deliveriesDropped: w.deliveriesDropped,
      affectedUserMarks: w.affectedUserMarks,
      eventsCreated: w.eventsCreated,
      eventsUpdated: w.eventsUpdated,
      eventsMoved: w.eventsMoved,
      eventsDeleted: w.eventsDeleted,
      eventsEvicted: w.eventsEvicted,
      cacheReloads: w.cacheReloads,
      connectedUsersAtEnd: w.connectedUsers,
      liveEventsAtEnd: w.liveEvents,
    },
  };
}

export interface BuildRunSummaryInput {
  scenario: RunSummary['scenario'];
  measured: MeasuredRun;
  expectations: ExpectationResult[];
  completed: boolean;
  run: RunSummary['run'];
}

export function buildRunSummary(input: BuildRunSummaryInput): RunSummary {
  const { measured } = input;
  const passed = input.expectations.every((e) => e.passed) && measured.consistency.divergedClients === 0;
  return {
    scenario: input.scenario,
    counters: measured.counters,
    latency: measured.latency,
    eventLoopLag: measured.eventLoopLag,
    staleness: measured.staleness,
    consistency: measured.consistency,
    timeSeries: measured.timeSeries,
    world: measured.world,
    expectations: input.expectations,
    passed,
    completed: input.completed,
    run: input.run,
  };
}
