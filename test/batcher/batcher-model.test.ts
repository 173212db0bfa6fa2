/**
 * Model-based test: random programs of marks, time advances, send failures, removals and forced
 * batches, for every strategy and both timer forms, checked against a small reference model of what
 * must have happened:
 * - no user is ever processed twice at once, and with batching disabled no more than
 *   maxConcurrentProcessing users at once;
 * - each processing covers exactly the marks made since the previous one started (plus those of a
 *   failed one: nothing is lost), with the right oldest and newest timestamps, count and reasons;
 * - every mark is processed within the bound its strategy promises;
 * - every forced batch resolves after processing everyone dirty when it was called;
 * - the counters agree with what happened;
 * - stop() flushes, waits, and leaves nothing pending and no timer behind.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/clock/index.js';
import type { TimerMode } from '../../src/batcher/config.js';
import { MARK_REASONS } from '../../src/batcher/ports.js';
import type { MarkReason, ProcessingRecord, ProcessingStart } from '../../src/batcher/ports.js';
import { createBatcher, STRATEGY_NAMES } from '../../src/batcher/strategies.js';
import type { StrategyName } from '../../src/batcher/strategies.js';
import { drainMicrotasks, FakeServices, settle } from './harness.js';

const USERS = ['u0', 'u1', 'u2', 'u3', 'u4'];

type Command =
  | { kind: 'mark'; user: number; reason: MarkReason; ageMs: number | null }
  | { kind: 'advance'; ms: number }
  | { kind: 'remove'; user: number }
  | { kind: 'fail'; user: number }
  | { kind: 'force' };

interface Params {
  strategy: StrategyName;
  timerMode: TimerMode;
  debounceTimeoutMs: number;
  sweepIntervalMs: number;
  maxBatchSize: number;
  maxConcurrentProcessing: number;
  maxWaitMs: number;
  sendMs: number;
  sequentialSweeps: boolean;
  stopEarly: boolean;
}

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('mark' as const),
      user: fc.integer({ min: 0, max: USERS.length - 1 }),
      reason: fc.constantFrom(...MARK_REASONS),
      ageMs: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), user: fc.integer({ min: 0, max: USERS.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fail' as const), user: fc.integer({ min: 0, max: USERS.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('force' as const) }) },
);

const paramsArb: fc.Arbitrary<Params> = fc.record({
  strategy: fc.constantFrom(...STRATEGY_NAMES),
  timerMode: fc.constantFrom<TimerMode>('wheel', 'per-user'),
  debounceTimeoutMs: fc.integer({ min: 5, max: 200 }),
  sweepIntervalMs: fc.integer({ min: 50, max: 1000 }),
  maxBatchSize: fc.integer({ min: 1, max: 3 }),
  maxConcurrentProcessing: fc.integer({ min: 1, max: 3 }),
  maxWaitMs: fc.integer({ min: 5, max: 600 }),
  sendMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 })),
  sequentialSweeps: fc.boolean(),
  stopEarly: fc.boolean(),
});

interface PendingMark {
  /** Clock time of the mark. */
  atMs: number;
  timestampMs: number;
  reason: MarkReason;
  /** When it was put back by a failed processing (it then waits from there). */
  failedAtMs: number | null;
  /** That failure ended after stop() was called. */
  failedDuringStop?: boolean;
  /** Made during a processing that then failed: it waits for the retry with that processing's marks. */
  heldForRetry?: boolean;
}

interface ModelUser {
  pending: PendingMark[];
  covered: PendingMark[];
  inFlight: boolean;
  removedDuringFlight: boolean;
  /** Clock time of the first mark made since the previous processing started (or a failure). */
  burstStartMs: number | null;
}

type LogEntry =
  | { kind: 'mark'; user: string; atMs: number; timestampMs: number; reason: MarkReason }
  | { kind: 'remove'; user: string; atMs: number }
  | { kind: 'start'; record: ProcessingStart }
  | { kind: 'end'; record: ProcessingRecord }
  | { kind: 'force-called'; id: number }
  | { kind: 'force-resolved'; id: number }
  | { kind: 'stop-called' };

function distinctInOrder(reasons: readonly MarkReason[]): MarkReason[] {
  return reasons.filter((reason, i) => reasons.indexOf(reason) === i);
}

/** Replays the log against the reference model; throws on the first disagreement. */
function checkLog(log: readonly LogEntry[], p: Params) {
  const users = new Map<string, ModelUser>(
    USERS.map((id) => [id, { pending: [], covered: [], inFlight: false, removedDuringFlight: false, burstStartMs: null }]),
  );
  const user = (id: string): ModelUser => users.get(id)!;
  const counts = { marks: 0, sent: 0, failed: 0, retries: 0, deadlineStarts: 0, maxDirty: 0 };
  const dirtyCount = () => [...users.values()].filter((u) => u.pending.length > 0).length;
  const noteDirty = () => {
    counts.maxDirty = Math.max(counts.maxDirty, dirtyCount());
  };

  const D = p.debounceTimeoutMs;
  const P = p.sendMs;
  const flightWait = P + 1;
  const M = Math.max(p.maxWaitMs, D);
  const N = USERS.length;
  // A sweep tick comes within S; a running pass, then the user's own round, each take at most one
  // processing (plus a wait for a flight) per listed user.
  const sweepBoundFrom = (t: number) => t + p.sweepIntervalMs + 2 * N * (2 * flightWait + 1) + flightWait + 1;
  const queueWait = N * (P + 1) + P + 2;

  /** The latest a processing covering these marks may start. */
  function deadlineFor(marks: readonly PendingMark[], u: ModelUser): number {
    const fresh = marks.filter((m) => m.failedAtMs === null);
    const failedAt = Math.max(...marks.map((m) => m.failedAtMs ?? Number.NEGATIVE_INFINITY));
    const oldest = Math.min(...marks.map((m) => m.failedAtMs ?? m.atMs));
    // The window restarts at each fresh mark, or at the failure for a retry.
    const lastWindowStart = Math.max(failedAt, ...fresh.map((m) => m.atMs));
    const quiet = lastWindowStart + D + flightWait + 1;
    switch (p.strategy) {
      case 'hybrid':
        return Math.min(sweepBoundFrom(oldest), quiet);
      case 'sweep':
        // A retry delay is not moved by later marks: it fires D after the failure.
        return Number.isFinite(failedAt)
          ? Math.min(sweepBoundFrom(oldest), failedAt + D + flightWait + 1)
          : sweepBoundFrom(oldest);
      case 'debounce':
        return quiet;
      case 'debounce-maxwait': {
        const burstStart = Number.isFinite(failedAt) ? failedAt : (u.burstStartMs ?? oldest);
        return burstStart + M + flightWait + 1;
      }
      case 'immediate': {
        if (!Number.isFinite(failedAt)) return oldest + queueWait;
        // A retry waits D (marks made during the failed flight wait with it), unless a later mark
        // sends the user at once.
        const firstFresh = Math.min(...fresh.filter((m) => m.heldForRetry !== true).map((m) => m.atMs));
        return Math.min(failedAt + D, firstFresh) + queueWait;
      }
    }
  }

  const forceDirty = new Map<number, Set<string>>();
  const startedSince = new Map<number, Set<string>>();
  let dirtyAtStop: Set<string> | null = null;
  let stopping = false;
  const startedSinceStop = new Set<string>();

  for (const entry of log) {
    switch (entry.kind) {
      case 'mark': {
        counts.marks++;
        const u = user(entry.user);
        if (u.pending.every((m) => m.failedAtMs !== null)) u.burstStartMs ??= entry.atMs;
        u.pending.push({ atMs: entry.atMs, timestampMs: entry.timestampMs, reason: entry.reason, failedAtMs: null });
        noteDirty();
        break;
      }
      case 'remove': {
        const u = user(entry.user);
        u.pending = [];
        u.burstStartMs = null;
        if (u.inFlight) u.removedDuringFlight = true;
        break;
      }
      case 'start': {
        const r = entry.record;
        const u = user(r.userId);
        expect(u.inFlight, `${r.userId} processed twice at once at ${r.startedAtMs}`).toBe(false);
        expect(u.pending.length, `${r.userId} processed with nothing pending at ${r.startedAtMs}`).toBeGreaterThan(0);
        const covered = u.pending;
        expect(r.markCount).toBe(covered.length);
        expect(r.firstMarkAtMs).toBe(Math.min(...covered.map((m) => m.timestampMs)));
        expect(r.lastMarkAtMs).toBe(Math.max(...covered.map((m) => m.timestampMs)));
        expect(r.reasons).toEqual(distinctInOrder(covered.map((m) => m.reason)));
        // Once stop() runs, deadlines are cancelled and the flush takes over (its duration is checked apart).
        if (!stopping) {
          const latest = deadlineFor(covered, u);
          expect(r.startedAtMs, `${r.userId}: marks ${JSON.stringify(covered)} served late`).toBeLessThanOrEqual(latest);
        }
        if (covered.some((m) => m.failedAtMs !== null)) counts.retries++;
        if (r.trigger === 'debounce' || r.trigger === 'retry') counts.deadlineStarts++;
        u.covered = covered;
        u.pending = [];
        u.burstStartMs = null;
        u.inFlight = true;
        if (p.strategy === 'immediate') {
          const inFlight = [...users.values()].filter((other) => other.inFlight).length;
          expect(inFlight, 'processings in flight with batching disabled').toBeLessThanOrEqual(p.maxConcurrentProcessing);
        }
        for (const started of startedSince.values()) started.add(r.userId);
        startedSinceStop.add(r.userId);
        break;
      }
      case 'end': {
        const r = entry.record;
        const u = user(r.userId);
        expect(u.inFlight).toBe(true);
        u.inFlight = false;
        if (r.outcome === 'sent') {
          counts.sent++;
        } else {
          counts.failed++;
          if (!u.removedDuringFlight) {
            const failed = u.covered.map((m) => ({ ...m, failedAtMs: r.endedAtMs, failedDuringStop: stopping }));
            u.pending = [...failed, ...u.pending.map((m) => ({ ...m, heldForRetry: true }))];
            u.burstStartMs = null;
            noteDirty();
          }
        }
        u.removedDuringFlight = false;
        break;
      }
      case 'force-called':
        forceDirty.set(entry.id, new Set(USERS.filter((id) => user(id).pending.length > 0)));
        startedSince.set(entry.id, new Set());
        break;
      case 'force-resolved': {
        // Everyone dirty at the call (and not removed since) was processed before it resolved.
        const started = startedSince.get(entry.id)!;
        for (const id of forceDirty.get(entry.id)!) {
          if (user(id).pending.length === 0 || started.has(id)) continue;
          expect.fail(`forced batch ${entry.id} resolved without processing ${id}`);
        }
        break;
      }
      case 'stop-called':
        dirtyAtStop = new Set(USERS.filter((id) => user(id).pending.length > 0));
        startedSinceStop.clear();
        stopping = true;
        break;
    }
  }
  return { users, counts, dirtyCount: dirtyCount(), dirtyAtStop, startedSinceStop };
}

async function runProgram(p: Params, commands: readonly Command[]): Promise<void> {
  const clock = new VirtualClock();
  const services = new FakeServices(clock);
  services.sendMs = p.sendMs;
  const log: LogEntry[] = [];
  const batcher = createBatcher(
    p.strategy,
    {
      clock,
      userStateService: services.userState,
      eventCacheService: services.eventCache,
      eventFilteringService: services.filtering,
      observer: {
        onProcessingStart: (record) => log.push({ kind: 'start', record }),
        onProcessingEnd: (record) => log.push({ kind: 'end', record }),
      },
    },
    {
      timerMode: p.timerMode,
      debounceTimeoutMs: p.debounceTimeoutMs,
      sweepIntervalMs: p.sweepIntervalMs,
      maxBatchSize: p.maxBatchSize,
      maxConcurrentProcessing: p.maxConcurrentProcessing,
      maxWaitMs: p.maxWaitMs,
      sweepBatchMode: p.sequentialSweeps ? 'sequential' : 'parallel',
    },
  );
  batcher.start();
  const forces: Promise<void>[] = [];
  for (const command of commands) {
    switch (command.kind) {
      case 'mark': {
        const userId = USERS[command.user]!;
        const atMs = clock.now();
        const timestampMs = command.ageMs === null ? atMs : atMs - command.ageMs;
        // Logged first: with batching off, the mark may start the processing before it returns.
        log.push({ kind: 'mark', user: userId, atMs, timestampMs, reason: command.reason });
        batcher.markUserAsDirty(
          userId,
          command.ageMs === null ? { reason: command.reason } : { reason: command.reason, timestamp: timestampMs },
        );
        break;
      }
      case 'advance':
        await drainMicrotasks();
        await clock.advanceBy(command.ms);
        break;
      case 'remove':
        log.push({ kind: 'remove', user: USERS[command.user]!, atMs: clock.now() });
        batcher.removeUser(USERS[command.user]!);
        break;
      case 'fail':
        services.failNextSends(USERS[command.user]!);
        break;
      case 'force': {
        const id = forces.length;
        log.push({ kind: 'force-called', id });
        forces.push(batcher.forceProcessBatch().then(() => void log.push({ kind: 'force-resolved', id })));
        break;
      }
    }
  }

  if (!p.stopEarly) {
    // A quiet spell long enough for every strategy to serve everything, retries of injected failures included.
    const failures = commands.filter((c) => c.kind === 'fail').length;
    const quietMs =
      2 * (p.sweepIntervalMs + Math.max(p.maxWaitMs, p.debounceTimeoutMs)) +
      (failures + 2) * (p.debounceTimeoutMs + 2 * (p.sendMs + 1)) +
      USERS.length * 4 * (p.sendMs + 1) +
      100;
    await drainMicrotasks();
    await clock.advanceBy(quietMs);
    await settle(clock, Promise.all(forces));
    const model = checkLog(log, p);
    const stats = batcher.getStats();
    expect(model.dirtyCount).toBe(0);
    expect(stats).toMatchObject({
      totalUsersMarkedDirty: model.counts.marks,
      totalUsersProcessed: model.counts.sent,
      totalProcessingErrors: model.counts.failed,
      totalRetries: model.counts.retries,
      totalDebounceTimersFired: model.counts.deadlineStarts,
      maxDirtyUsers: model.counts.maxDirty,
      currentDirtyUsers: 0,
      currentInFlight: 0,
      currentActiveTimers: 0,
    });
  }

  log.push({ kind: 'stop-called' });
  const stopCalledAtMs = clock.now();
  await settle(clock, batcher.stop());
  // The flush: at most a wait for a flight and a processing per user, batch after batch; while
  // processings fail, up to 20 rounds, each after a debounce-long pause.
  const flushRoundMs = (2 * USERS.length + 2) * (2 * p.sendMs + 2);
  expect(clock.now() - stopCalledAtMs).toBeLessThanOrEqual(20 * (flushRoundMs + Math.max(1, p.debounceTimeoutMs)));
  await settle(clock, Promise.all(forces));
  const model = checkLog(log, p);
  // stop() flushed: everyone dirty at the call went once more; only a failure during the flush stays pending.
  for (const id of model.dirtyAtStop!) {
    expect(model.startedSinceStop.has(id), `stop() did not flush ${id}`).toBe(true);
  }
  // What stays pending is only marks whose last try failed while stop() ran.
  for (const [id, u] of model.users) {
    expect(u.pending.every((m) => m.failedDuringStop === true), `${id} left with unprocessed marks`).toBe(true);
  }
  const stats = batcher.getStats();
  expect(stats.currentInFlight).toBe(0);
  expect(stats.currentActiveTimers).toBe(0);
  expect(stats.currentDirtyUsers).toBe(model.dirtyCount);
  expect(stats).toMatchObject({
    totalUsersMarkedDirty: model.counts.marks,
    totalUsersProcessed: model.counts.sent,
    totalProcessingErrors: model.counts.failed,
    totalRetries: model.counts.retries,
  });
  expect(clock.pendingCount()).toBe(0);
  expect(services.overlaps).toEqual([]);
}

describe('the batcher against a reference model', () => {
  it('keeps every promise on random programs, for every strategy and timer form', async () => {
    await fc.assert(
      fc.asyncProperty(paramsArb, fc.array(commandArb, { minLength: 1, maxLength: 60 }), runProgram),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
  });

  it('replays a busy program: marks during flights, failures, removal in flight, overlapping forces', async () => {
    await runProgram(
      {
        strategy: 'hybrid',
        timerMode: 'wheel',
        debounceTimeoutMs: 50,
        sweepIntervalMs: 120,
        maxBatchSize: 2,
        maxConcurrentProcessing: 2,
        maxWaitMs: 100,
        sendMs: 30,
        sequentialSweeps: false,
        stopEarly: false,
      },
      [
        { kind: 'mark', user: 0, reason: 'viewport_change', ageMs: null },
        { kind: 'mark', user: 1, reason: 'event_update', ageMs: 10 },
        { kind: 'fail', user: 1 },
        { kind: 'advance', ms: 55 },
        { kind: 'mark', user: 0, reason: 'filter_change', ageMs: null },
        { kind: 'force' },
        { kind: 'mark', user: 2, reason: 'initial_request', ageMs: null },
        { kind: 'force' },
        { kind: 'advance', ms: 10 },
        { kind: 'remove', user: 1 },
        { kind: 'mark', user: 1, reason: 'viewport_change', ageMs: null },
        { kind: 'advance', ms: 400 },
      ],
    );
  });
});
