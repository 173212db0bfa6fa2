/**
 * Runs one resolved scenario: builds the clock, the world, the metrics recorder and the batcher,
 * plays the merged workload against them, flushes, checks consistency and returns the summary.
 *
 * Virtual time: the clock is driven with `runUntil(nextChangeTime)` and each change is applied
 * synchronously at its time (no clock timer per change: every clock callback costs a real
 * macrotask). Only when applying a change started a processing does the engine let the clock drain
 * the promise chains it started, as the event loop would. Real time: the engine sleeps on the clock
 * until each change is due; the run takes the scenario's duration in wall time.
 *
 * So that the real clock sees the configured costs and not the simulator's own on top (which the
 * virtual clock gets for free): time 0 is taken once the world is set up (the clock is held until
 * then); the RealClock counts the simulator's work toward the modelled CPU and leaves it out of the
 * time it reports (`creditLoopWork`); a due change is applied before any yield to a renderer; and
 * event-loop lag comes from the same 20 ms probe (LagMonitor) on both clocks. See docs/fidelity.md.
 *
 * The engine emits snapshots at a wall-clock interval and yields to the real event loop after each,
 * so a renderer gets its turns; it never waits for one. Same scenario and seed on the virtual
 * clock, same summary, byte for byte (except `run`, the wall timing).
 */
import { createBatcher } from '../batcher/strategies.js';
import type { UserUpdateBatcher } from '../batcher/user-update-batcher.js';
import type { Clock } from '../clock/clock.js';
import { RealClock } from '../clock/real-clock.js';
import { VirtualClock } from '../clock/virtual-clock.js';
import { combineObservers } from '../metrics/combine-observers.js';
import { liveMetrics } from '../metrics/live-snapshot.js';
import { MetricsRecorder } from '../metrics/metrics-recorder.js';
import { buildRunSummary, measureRun } from '../metrics/run-summary.js';
import type { ClockUsage } from '../metrics/run-summary.js';
import type { RunSummary } from '../metrics/summary.js';
import { SeededRandom } from '../random/seeded-random.js';
import { evaluateExpectations } from '../scenario/expectations.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { Change } from '../world/change.js';
import { World } from '../world/world.js';
import { batcherConfigOf, settingsInForce } from './batcher-settings.js';
import { LagMonitor } from './lag-monitor.js';
import { MergedWorkload } from './merged-workload.js';
import { OffsetClock } from './offset-clock.js';
import type { RunSnapshot } from './snapshot.js';

export interface EngineOptions {
  /** Play virtual time at this many times real time (so a person can watch); default: as fast as possible. */
  speed?: number;
  /** Called with an immutable snapshot every `snapshotIntervalWallMs` of wall time, and once at the end. */
  onSnapshot?: (snapshot: RunSnapshot) => void;
  /** Default 100. */
  snapshotIntervalWallMs?: number;
  /** Aborting stops the workload, flushes what is pending and returns a summary with completed: false. */
  signal?: AbortSignal;
  /** Told when the run moves to its next stage (for progress lines and logs). */
  onStage?: (stage: EngineStage) => void;
}

export type EngineStage = 'setting-up' | 'running' | 'flushing' | 'checking' | 'done';

/** How much simulated time a paced run advances between wall-clock checks, in wall ms. */
const PACING_FRAME_WALL_MS = 50;
/** While waiting for marks still on their way, the virtual clock runs in slices of this much time. */
const FLUSH_SLICE_MS = 50;
/** The longest a real-clock run waits for the last deliveries after the batcher stopped. */
const REAL_SETTLE_LIMIT_MS = 30_000;

interface Run {
  scenario: ResolvedScenario;
  clock: Clock;
  virtual: VirtualClock | null;
  real: RealClock | null;
  wall: RealClock;
  wallStartMs: number;
  recorder: MetricsRecorder;
  world: World;
  batcher: UserUpdateBatcher;
  lagMonitor: LagMonitor;
  options: EngineOptions;
  aborted: () => boolean;
  nextSnapshotWallMs: number;
}

// Event-loop lag comes from the LagMonitor on both clocks, which records every probe (on time as
// 0), so no count of on-time callbacks is passed: the probes are the whole population.
function clockUsage(run: Run): ClockUsage {
  if (run.virtual !== null) return { cpuBusyMs: run.virtual.getStats().cpuBusyMs };
  return { cpuBusyMs: run.real?.cpuBusyMs() ?? 0 };
}

function snapshotOf(run: Run): RunSnapshot {
  const simulatedMs = Math.min(run.clock.now(), run.scenario.durationMs);
  const wallMs = run.wall.now() - run.wallStartMs;
  const stats = run.batcher.getStats();
  const live = liveMetrics(run.recorder, 60, 0);
  const cpuBusyMs = clockUsage(run).cpuBusyMs;
  return Object.freeze({
    simulatedMs,
    durationMs: run.scenario.durationMs,
    wallMs,
    speed: wallMs > 0 ? simulatedMs / wallMs : 0,
    activePhases: run.scenario.workload
      .filter((phase) => phase.startMs <= simulatedMs && simulatedMs < phase.endMs)
      .map((phase) => phase.name),
    marksPerSecond: live.marksPerSecond,
    processingsPerSecond: live.processingsPerSecond,
    dirtyUsers: stats.currentDirtyUsers,
    activeTimers: stats.currentActiveTimers,
    sweeperRuns: stats.totalSweeperRuns,
    errors: stats.totalProcessingErrors,
    marks: stats.totalUsersMarkedDirty,
    processings: live.processings,
    cpuBusyFraction: run.clock.now() > 0 ? Math.min(1, cpuBusyMs / run.clock.now()) : 0,
    eventLoopLag: live.eventLoopLag,
    latency: live.latency,
    latencyBuckets: live.latencyBuckets,
    recent: live.recent,
  });
}

/** Emits a snapshot when one is due, then gives the real event loop a turn (for the renderer, Ctrl-C). */
async function maybeSnapshot(run: Run): Promise<void> {
  const now = run.wall.now();
  if (now < run.nextSnapshotWallMs) return;
  run.nextSnapshotWallMs = now + (run.options.snapshotIntervalWallMs ?? 100);
  run.options.onSnapshot?.(snapshotOf(run));
  await new Promise<void>((resolve) => run.wall.setImmediate(resolve));
}

/** Resolves after `ms` of wall time on `clock`, or at once when the run is aborted meanwhile. */
function sleepUnlessAborted(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(timer);
      resolve();
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Advances the virtual clock to `targetMs`, in wall-paced slices when a speed is set. */
async function advanceVirtual(run: Run, clock: VirtualClock, targetMs: number): Promise<void> {
  const speed = run.options.speed;
  if (speed === undefined || !(speed > 0) || !Number.isFinite(speed)) {
    await clock.runUntil(targetMs);
    await maybeSnapshot(run);
    return;
  }
  while (clock.now() < targetMs && !run.aborted()) {
    const sliceEnd = Math.min(targetMs, clock.now() + speed * PACING_FRAME_WALL_MS);
    await clock.runUntil(sliceEnd);
    // Simulated ms t is due at wall ms t / speed after the start.
    const aheadWallMs = clock.now() / speed - (run.wall.now() - run.wallStartMs);
    if (aheadWallMs > 1) await sleepUnlessAborted(run.wall, aheadWallMs, run.options.signal);
    await maybeSnapshot(run);
  }
}

/** Lets the promise chains a change started run to completion before time moves on. */
async function drainOnVirtual(clock: VirtualClock): Promise<void> {
  clock.setImmediate(() => undefined);
  await clock.runUntil(clock.now());
}

async function playWorkload(run: Run, workload: MergedWorkload): Promise<void> {
  const { clock, virtual, world, recorder } = run;
  for (;;) {
    if (run.aborted()) return;
    const nextMs = workload.peekTime();
    if (nextMs === undefined) break;
    if (virtual !== null) {
      // A change that CPU has made late is applied at once, with the others as late: as the real
      // engine does, and as a server reads every request that arrived while its loop was busy.
      if (nextMs > clock.now()) await advanceVirtual(run, virtual, nextMs);
    } else if (nextMs - clock.now() > 1) {
      // Snapshot (and its yield to the renderer) before the wait, never between waking and applying:
      // that yield would hold a due change until the end of the loop's current timers phase.
      await maybeSnapshot(run);
      if (nextMs - clock.now() > 1) await sleepUnlessAborted(clock, nextMs - clock.now(), run.options.signal);
      continue;
    }
    if (run.aborted()) return;
    const change = workload.take() as Change;
    const startedBefore = recorder.startedProcessings;
    world.applyChange(change);
    if (virtual !== null && recorder.startedProcessings !== startedBefore) await drainOnVirtual(virtual);
  }
  // The rest of the scenario: timers keep running until its end.
  if (virtual !== null) await advanceVirtual(run, virtual, run.scenario.durationMs);
  else {
    while (!run.aborted() && clock.now() < run.scenario.durationMs) {
      await sleepUnlessAborted(clock, Math.min(run.options.snapshotIntervalWallMs ?? 100, run.scenario.durationMs - clock.now()), run.options.signal);
      await maybeSnapshot(run);
    }
  }
}

/**
 * Stops the batcher (it processes every dirty user and awaits what is in flight), after letting the
 * marks still on their way (viewport writes) land, then runs the clock until the last message has
 * reached its client. Bounded: a run that never settles fails with the clock's loop-limit error.
 */
async function flush(run: Run): Promise<void> {
  const { world, batcher, recorder, virtual } = run;
  const limit = 1_000_000 + 100 * (run.scenario.simulation.world.users.count + world.getStats().connectedUsers);
  if (virtual !== null) {
    // pendingWork() walks every user, so it is asked once per slice of simulated time, not per callback.
    let ran = 0;
    while (world.pendingWork().deferredMarks > 0 && ran < limit) {
      ran += await virtual.runUntil(virtual.now() + FLUSH_SLICE_MS, { limit });
    }
    recorder.stopSampling();
    run.lagMonitor.stop();
    let stopped = false;
    const stopping = batcher.stop().then(() => {
      stopped = true;
    });
    await virtual.runAll({ limit });
    await drainOnVirtual(virtual);
    if (!stopped) throw new Error('the batcher did not finish stopping although the virtual clock has nothing left to run');
    await stopping;
    return;
  }
  const clock = run.clock;
  const settleUntil = clock.now() + REAL_SETTLE_LIMIT_MS;
  while (world.pendingWork().deferredMarks > 0 && clock.now() < settleUntil) await sleepUnlessAborted(clock, 5, undefined);
  recorder.stopSampling();
  run.lagMonitor.stop();
  await batcher.stop();
  while (world.pendingWork().messagesInFlight > 0 && clock.now() < settleUntil) await sleepUnlessAborted(clock, 5, undefined);
}

export async function runScenario(scenario: ResolvedScenario, options: EngineOptions = {}): Promise<RunSummary> {
  options.onStage?.('setting-up');
  const random = new SeededRandom(scenario.seed);

  let virtual: VirtualClock | null = null;
  let real: RealClock | null = null;
  /** On the real clock, held at 0 until the world is set up (set-up is free on the virtual clock). */
  let realTime: OffsetClock | null = null;
  let clock: Clock;
  if (scenario.clock === 'virtual') {
    // Lateness of every timer stays in the clock's stats; event-loop lag is the LagMonitor's, as on
    // the real clock, so both clocks measure it the same way.
    virtual = new VirtualClock();
    clock = virtual;
  } else {
    // The simulator's own work costs nothing on the virtual clock: here it counts toward the modelled
    // CPU and is left out of the time the simulation reads (RealClock's model time).
    real = new RealClock({ creditLoopWork: true });
    realTime = OffsetClock.held(real);
    clock = realTime;
  }
  // Wall time for pacing and the run's timing: never the simulation's model time.
  const wall = new RealClock();
  const wallStartMs = wall.now();
  const recorder = new MetricsRecorder({
    clock,
    sampleIntervalMs: scenario.sampleIntervalMs,
    stalenessThresholdMs: scenario.stalenessThresholdMs,
  });
  const world = new World({ clock, settings: scenario.simulation, random: random.fork('world'), latencySink: recorder });
  const batcher = createBatcher(
    scenario.batcher.strategy,
    { clock, ...world.ports, observer: combineObservers(world.batcherObserver, recorder.batcherObserver) },
    batcherConfigOf(scenario.batcher),
  );
  world.attachBatcher(batcher);
  const metrics = recorder;
  metrics.attach({
    batcherStats: () => batcher.getStats(),
    countStaleClients: (nowMs, thresholdMs) => world.countStaleClients(nowMs, thresholdMs),
  });
  const lagMonitor = new LagMonitor(clock, (lagMs) => metrics.recordEventLoopLag(lagMs));

  let aborted = options.signal?.aborted === true;
  const onAbort = (): void => {
    aborted = true;
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const run: Run = {
    scenario,
    clock,
    virtual,
    real,
    wall,
    wallStartMs,
    recorder: metrics,
    world,
    batcher,
    lagMonitor,
    options,
    aborted: () => aborted,
    nextSnapshotWallMs: wallStartMs,
  };

  try {
    batcher.start();
    world.populate();
    metrics.startSampling();
    lagMonitor.start();
    const workload = new MergedWorkload(scenario.workload, scenario.simulation.world, random.fork('workload'));
    // Set-up is the simulator's work: neither credited nor let into the time that starts now.
    real?.resetCredit();
    realTime?.start();
    options.onStage?.('running');
    await playWorkload(run, workload);
    const completed = !aborted;
    const workloadEndMs = Math.min(clock.now(), scenario.durationMs);

    options.onStage?.('flushing');
    await flush(run);

    options.onStage?.('checking');
    const pending = world.pendingWork();
    const measured = measureRun({
      recorder: metrics,
      batcherStats: batcher.getStats(),
      worldStats: world.getStats(),
      clockUsage: clockUsage(run),
      simulatedMs: Math.max(clock.now(), workloadEndMs),
      consistency: world.checkConsistency(),
      undeliveredChanges: pending.undeliveredChanges,
    });
    const summaryScenario: RunSummary['scenario'] = {
      name: scenario.name,
      description: scenario.description,
      seed: scenario.seed,
      durationMs: scenario.durationMs,
      clock: scenario.clock,
      strategy: scenario.batcher.strategy,
      settings: settingsInForce(scenario.batcher.strategy, batcher.config),
    };
    const wallMs = wall.now() - wallStartMs;
    const runTiming: RunSummary['run'] = { wallMs, simulatedMs: workloadEndMs, speed: wallMs > 0 ? workloadEndMs / wallMs : 0 };
    const provisional = buildRunSummary({ scenario: summaryScenario, measured, expectations: [], completed, run: runTiming });
    const summary = buildRunSummary({
      scenario: summaryScenario,
      measured,
      expectations: evaluateExpectations(scenario.expect, provisional),
      completed,
      run: runTiming,
    });
    options.onSnapshot?.(snapshotOf(run));
    options.onStage?.('done');
    return summary;
  } catch (error) {
    // A failed real-time run must not leave the sweeper's timer keeping the process alive.
    if (real !== null && batcher.isRunning()) batcher.stop().catch(() => undefined);
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    lagMonitor.stop();
    metrics.stopSampling();
  }
}
