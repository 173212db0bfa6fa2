/**
 * Valid but absurd: settings that parse fine and would still hang the machine or surprise the user
 * (a 1 us debounce, a sweep every microsecond, a run of a billion changes). Estimated before the
 * run from the resolved scenario alone; what is merely costly becomes a warning with the cost, what
 * would not finish in any reasonable time is refused.
 */
import { expectedArrivals } from '../workload/arrival.js';
import type { ResolvedPhase } from '../workload/phase.js';
import type { ResolvedScenario } from './resolved.js';
import { LIMITS } from './schema.js';

export interface CostAssessment {
  /** Estimated changes the workload produces. */
  changes: number;
  /** Estimated sweeper runs. */
  sweeps: number;
  /** Estimated memory for the world, bytes. */
  memoryBytes: number;
  warnings: string[];
  /** Reasons to refuse the run, each at a path of the document. */
  refusals: { path: PropertyKey[]; message: string }[];
}

/** Timers fire no sooner than 1 ms after they are set, in Node and on the virtual clock alike. */
const TIMER_FLOOR_MS = 1;

const WARN_CHANGES = 5_000_000;
const REFUSE_CHANGES = 200_000_000;
const WARN_SWEEPS = 2_000_000;
const REFUSE_SWEEPS = 50_000_000;
const WARN_SAMPLES = 200_000;
const WARN_USERS = 300_000;
const WARN_REAL_CLOCK_MS = 10 * 60_000;

function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} billion`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} million`;
  return Math.round(n).toLocaleString('en-US');
}

function formatMinutes(ms: number): string {
  const minutes = ms / 60_000;
  return minutes >= 120 ? `${(minutes / 60).toFixed(1)} hours` : `${Math.max(1, Math.round(minutes))} minutes`;
}

/** Expected changes of one phase over its window. */
export function expectedPhaseChanges(phase: ResolvedPhase, usersAtStart: number): number {
  switch (phase.type) {
    case 'isolated':
    case 'storm':
    case 'churn':
      return expectedArrivals(phase.arrival, phase.startMs, phase.endMs);
    case 'cleanup':
      return phase.arrival === null ? phase.atMs.length : expectedArrivals(phase.arrival, phase.startMs, phase.endMs);
    case 'panning': {
      const panners = usersAtStart * phase.userShare;
      const burstMs = (phase.burstMs.min + phase.burstMs.max) / 2;
      const lengthMs = phase.endMs - phase.startMs;
      if (phase.arrival !== null) {
        const bursts = expectedArrivals(phase.arrival, phase.startMs, phase.endMs);
        return (bursts * burstMs * phase.updateRatePerSecond) / 1000;
      }
      const pauseMs = (phase.pauseMs.min + phase.pauseMs.max) / 2;
      const duty = burstMs / (burstMs + pauseMs);
      return (panners * duty * lengthMs * phase.updateRatePerSecond) / 1000;
    }
    case 'replay':
      return phase.changes.length;
  }
}

export function assessScenarioCost(scenario: Omit<ResolvedScenario, 'warnings'>): CostAssessment {
  const warnings: string[] = [];
  const refusals: CostAssessment['refusals'] = [];
  const { batcher, durationMs } = scenario;
  const world = scenario.simulation.world;

  if (batcher.debounceTimeoutMs < TIMER_FLOOR_MS) {
    warnings.push(
      `batcher debounce ${batcher.debounceTimeoutMs} ms is below 1 ms: timers (in Node and on the virtual clock) ` +
        'never fire sooner than 1 ms, so it acts as 1 ms',
    );
  }
  const sweeping = batcher.strategy === 'hybrid' || batcher.strategy === 'sweep';
  const sweepEveryMs = Math.max(TIMER_FLOOR_MS, batcher.sweepIntervalMs);
  const sweeps = sweeping ? durationMs / sweepEveryMs : 0;
  if (sweeping && batcher.sweepIntervalMs < TIMER_FLOOR_MS) {
    warnings.push(`batcher sweep ${batcher.sweepIntervalMs} ms is below 1 ms: it acts as 1 ms (${formatCount(sweeps)} sweeper runs)`);
  }
  if (sweeps > REFUSE_SWEEPS) {
    refusals.push({
      path: ['batcher'],
      message:
        `a sweep every ${sweepEveryMs} ms for ${formatMinutes(durationMs)} of simulated time is ${formatCount(sweeps)} sweeper runs, ` +
        `more than the ${formatCount(REFUSE_SWEEPS)} a run allows; lengthen the sweep interval or shorten the run`,
    });
  } else if (sweeps > WARN_SWEEPS) {
    warnings.push(`${formatCount(sweeps)} sweeper runs (a sweep every ${sweepEveryMs} ms): expect minutes of wall time`);
  }

  let changes = 0;
  scenario.workload.forEach((phase, index) => {
    const phaseChanges = expectedPhaseChanges(phase, world.users.count);
    changes += phaseChanges;
    if (phaseChanges > REFUSE_CHANGES) {
      refusals.push({
        path: ['workload', index],
        message: `phase "${phase.name}" would produce about ${formatCount(phaseChanges)} changes, more than the ${formatCount(REFUSE_CHANGES)} a run allows; lower its rate or shorten it`,
      });
    }
  });
  if (changes > WARN_CHANGES && refusals.length === 0) {
    warnings.push(`the workload produces about ${formatCount(changes)} changes: expect minutes of wall time even on the virtual clock`);
  }

  const memoryBytes = world.users.count * LIMITS.bytesPerUser + world.events.capacity * LIMITS.bytesPerEvent;
  if (world.users.count > WARN_USERS) {
    warnings.push(
      `${formatCount(world.users.count)} users need about ${(memoryBytes / 1e9).toFixed(1)} GB of memory for the world alone`,
    );
  }
  const samples = durationMs / scenario.sampleIntervalMs;
  if (samples > WARN_SAMPLES) {
    warnings.push(`a sample every ${scenario.sampleIntervalMs} ms gives ${formatCount(samples)} time-series points; consider a longer metrics.sampleInterval`);
  }
  if (scenario.clock === 'real' && durationMs > WARN_REAL_CLOCK_MS) {
    warnings.push(`the real clock takes the scenario's whole duration in wall time: ${formatMinutes(durationMs)}`);
  }
  return { changes, sweeps, memoryBytes, warnings, refusals };
}

/** Warnings about valid but costly settings, each with what it would cost; empty when all is sane. */
export function checkScenarioCost(scenario: Omit<ResolvedScenario, 'warnings'>): string[] {
  return assessScenarioCost(scenario).warnings;
}
