/**
 * Virtual-time throughput: marks per wall-clock second for N users marking at Poisson 2/s each over
 * 60 simulated seconds, no-op services. The fast form (timing wheel) against the design's timer per
 * user on the VirtualClock, and against the same batcher driven by @sinonjs/fake-timers (baseline).
 * Goals: the fast form at least 1,000,000 marks/s and at least 20x the fake-timers run.
 */
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
} from './batcher-support.js';
import type { LoadResult } from './batcher-support.js';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 60_000);
/** fake-timers runs a real macrotask per timer; a tenth of the load keeps it under a minute. */
const FAKE_TIMERS_USERS = Math.max(1, Math.round(USERS / 10));
const SEED = 42;

async function onVirtualClock(timerMode: TimerMode, users: number): Promise<LoadResult> {
  const clock = new VirtualClock();
  const batcher = noOpBatcher(clock, { timerMode });
  batcher.start();
  return driveMarks(
    (ms) => clock.runUntil(ms),
    (promise) => settleOnVirtualClock(clock, promise),
    batcher,
    userIds(users),
    DURATION_MS,
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
    DURATION_MS,
    SEED,
  );
}

function line(name: string, users: number, result: LoadResult): string {
  return (
    `${name.padEnd(34)} ${formatNumber(users).padStart(9)} users  ${formatNumber(result.marks).padStart(11)} marks  ` +
    `${formatNumber(result.processings).padStart(10)} processings  ${formatNumber(result.wallMs / 1000, 2).padStart(7)} s  ` +
    `${formatNumber(result.marksPerSecond).padStart(11)} marks/s`
  );
}

export async function run(): Promise<void> {
  console.log(
    `virtual time: ${formatNumber(USERS)} users x Poisson 2 marks/s for ${DURATION_MS / 1000} simulated s, no-op services`,
  );
  const wheel = await onVirtualClock('wheel', USERS);
  console.log(line('wheel (fast form), VirtualClock', USERS, wheel));
  const perUser = await onVirtualClock('per-user', USERS);
  console.log(line('per-user timers, VirtualClock', USERS, perUser));
  const fake = await onFakeTimers('per-user', FAKE_TIMERS_USERS);
  console.log(line('per-user timers, fake-timers', FAKE_TIMERS_USERS, fake));
  const fakeWheel = await onFakeTimers('wheel', FAKE_TIMERS_USERS);
  console.log(line('wheel, fake-timers', FAKE_TIMERS_USERS, fakeWheel));
  if (FAKE_TIMERS_USERS !== USERS) {
    console.log(`(fake-timers runs use ${formatNumber(FAKE_TIMERS_USERS)} users: far slower; compared in marks/s)`);
  }
  const goal = 1_000_000;
  console.log(
    `fast form: ${formatNumber(wheel.marksPerSecond)} marks/s (goal >= ${formatNumber(goal)}: ${verdict(wheel.marksPerSecond >= goal)})`,
  );
  const vsFake = wheel.marksPerSecond / fake.marksPerSecond;
  console.log(
    `fast form vs per-user timers on fake-timers (baseline): x${formatNumber(vsFake, 1)} (goal >= x20: ${verdict(vsFake >= 20)})`,
  );
  console.log(`fast form vs per-user timers on VirtualClock: x${formatNumber(wheel.marksPerSecond / perUser.marksPerSecond, 1)}`);
  console.log(`fast form vs wheel on fake-timers: x${formatNumber(wheel.marksPerSecond / fakeWheel.marksPerSecond, 1)}`);
}

if (isMain(import.meta.url)) await run();
