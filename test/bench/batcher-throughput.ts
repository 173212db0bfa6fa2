/**
 * Virtual-time throughput: marks per wall-clock second for N users marking at Poisson 2/s each over
 * 60 simulated seconds, no-op services. The fast form (timing wheel) against the design's timer per
 * user on the VirtualClock, and against the same batcher driven by @sinonjs/fake-timers (baseline).
 * Goals: the fast form at least 1,000,000 marks/s and at least 20x the fake-timers run.
 */
import { loadavg } from 'node:os';
import { VirtualClock } from '../../src/clock/index.js';
import type { TimerMode } from '../../src/batcher/config.js';
import {
  driveMarks,
  fakeTimersClock,
  formatNumber,
  isMain,
  noOpBatcher,
  settleOnVirtualClock,
  userIds,
  verdict,
  WARM_UP_MS,
} from './_batcher-support.js';
import type { LoadResult } from './_batcher-support.js';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 60_000);
/**
 * fake-timers looks through all its timers for the next one due, so with a timer per user it slows
 * down as users are added; it runs the same users for fewer simulated seconds (marks/s compare).
 */
const FAKE_TIMERS_DURATION_MS = Number(process.env.BENCH_FAKE_TIMERS_DURATION_MS ?? Math.min(DURATION_MS, 3000));
/** The per-user-timer form on the VirtualClock is several times slower: fewer simulated seconds keep the bench short. */
const PER_USER_DURATION_MS = Number(process.env.BENCH_PER_USER_DURATION_MS ?? Math.min(DURATION_MS, 20_000));
const SEED = 42;

async function onVirtualClock(timerMode: TimerMode, users: number, durationMs: number): Promise<LoadResult> {
  const clock = new VirtualClock();
  const batcher = noOpBatcher(clock, { timerMode });
  batcher.start();
  return driveMarks(
    (ms) => clock.runUntil(ms, { settled: true }),
    (promise) => settleOnVirtualClock(clock, promise),
    batcher,
    userIds(users),
    durationMs,
    SEED,
  );
}

async function onFakeTimers(timerMode: TimerMode, users: number): Promise<LoadResult> {
  const driver = fakeTimersClock();
  const batcher = noOpBatcher(driver.clock, { timerMode });
  batcher.start();
  let reached = 0;
  return driveMarks(
    async (ms) => {
      await driver.tickAsync(ms - reached);
      reached = ms;
    },
    async (promise) => {
      let done = false;
      void promise.then(() => {
        done = true;
      });
      while (!done) await driver.tickAsync(1);
    },
    batcher,
    userIds(users),
    FAKE_TIMERS_DURATION_MS,
    SEED,
  );
}

function line(name: string, durationMs: number, result: LoadResult): string {
  return (
    `${name.padEnd(34)} ${formatNumber(durationMs / 1000).padStart(3)} sim s  ${formatNumber(result.marks).padStart(11)} marks  ` +
    `${formatNumber(result.processings).padStart(10)} processings  ${formatNumber(result.wallMs / 1000, 2).padStart(7)} s  ` +
    `${formatNumber(result.marksPerSecond).padStart(10)} marks/s  (${formatNumber(result.marksPerCpuSecond).padStart(10)} per CPU s)`
  );
}

export async function run(): Promise<void> {
  console.log(
    `virtual time: ${formatNumber(USERS)} users x Poisson 2 marks/s, no-op services, measured after ${WARM_UP_MS / 1000} simulated s ` +
      `(machine load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}: wall-clock rates fall when other processes share the cores)`,
  );
  const wheel = await onVirtualClock('wheel', USERS, DURATION_MS);
  console.log(line('wheel (fast form), VirtualClock', DURATION_MS, wheel));
  const perUser = await onVirtualClock('per-user', USERS, PER_USER_DURATION_MS);
  console.log(line('per-user timers, VirtualClock', PER_USER_DURATION_MS, perUser));
  const fake = await onFakeTimers('per-user', USERS);
  console.log(line('per-user timers, fake-timers', FAKE_TIMERS_DURATION_MS, fake));
  const fakeWheel = await onFakeTimers('wheel', USERS);
  console.log(line('wheel, fake-timers', FAKE_TIMERS_DURATION_MS, fakeWheel));
  if (FAKE_TIMERS_DURATION_MS !== DURATION_MS || PER_USER_DURATION_MS !== DURATION_MS) {
    console.log('(the slower forms simulate fewer seconds to keep the run short; all are compared in marks/s)');
  }
  const goal = 1_000_000;
  console.log(
    `fast form: ${formatNumber(wheel.marksPerSecond)} marks/s, ${formatNumber(wheel.marksPerCpuSecond)} per CPU s ` +
      `(goal >= ${formatNumber(goal)}: ${verdict(wheel.marksPerSecond >= goal)})`,
  );
  const vsFake = wheel.marksPerSecond / fake.marksPerSecond;
  console.log(
    `fast form vs per-user timers on fake-timers (baseline): x${formatNumber(vsFake, 1)} ` +
      `(per CPU s x${formatNumber(wheel.marksPerCpuSecond / fake.marksPerCpuSecond, 1)}; goal >= x20: ${verdict(vsFake >= 20)})`,
  );
  console.log(`fast form vs per-user timers on VirtualClock: x${formatNumber(wheel.marksPerSecond / perUser.marksPerSecond, 1)}`);
  console.log(`fast form vs wheel on fake-timers: x${formatNumber(wheel.marksPerSecond / fakeWheel.marksPerSecond, 1)}`);
}

if (isMain(import.meta.url)) await run();
