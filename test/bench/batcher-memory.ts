/**
 * Memory per user of the batcher's state, at 100,000 and 1,000,000 users, for the fast form (timing
 * wheel) and the design's timer per user (baseline). Each size runs in a child process of its own
 * (node --expose-gc) so one measurement cannot inherit another's heap.
 *
 * The child makes the user ids first (they belong to the caller, not to the batcher), then measures
 * from there: every user marked once (all dirty, every deadline armed: the batcher at its fullest),
 * peak RSS over the whole run, then after the clock has served them all (idle users remembered).
 * Goal: under 500 bytes per user for the batcher state.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { VirtualClock } from '../../src/clock/index.js';
import type { TimerMode } from '../../src/batcher/config.js';
import { formatNumber, isMain, noOpBatcher, settleOnVirtualClock, userIds, verdict, VIEWPORT_MARK } from './_batcher-support.js';

const SIZES = (process.env.BENCH_MEMORY_USERS ?? '100000,1000000').split(',').map(Number);
const GOAL_BYTES_PER_USER = 500;

interface MemoryFigures {
  users: number;
  timerMode: TimerMode;
  /** Heap plus typed-array buffers, after a full GC, all users dirty and armed. */
  fullBytesPerUser: number;
  /** The same once every user has been served (idle users are remembered). */
  idleBytesPerUser: number;
  /** Peak resident set over the run, minus the resident set before the batcher existed. */
  peakRssBytesPerUser: number;
}

function usedBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run the memory benchmark child with node --expose-gc');
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

async function measureInChild(users: number, timerMode: TimerMode): Promise<MemoryFigures> {
  const ids = userIds(users);
  const baseline = usedBytes();
  const baselineRss = process.memoryUsage().rss;
  const clock = new VirtualClock();
  const batcher = noOpBatcher(clock, { timerMode });
  batcher.start();
  for (const id of ids) batcher.markUserAsDirty(id, VIEWPORT_MARK);
  const full = usedBytes() - baseline;
  await clock.advanceBy(1000, { limit: Number.POSITIVE_INFINITY });
  if (batcher.getStats().totalUsersProcessed !== users) throw new Error('not every user was served');
  const idle = usedBytes() - baseline;
  const peakRss = process.resourceUsage().maxRSS * 1024 - baselineRss;
  await settleOnVirtualClock(clock, batcher.stop());
  return {
    users,
    timerMode,
    fullBytesPerUser: full / users,
    idleBytesPerUser: idle / users,
    peakRssBytesPerUser: peakRss / users,
  };
}

function measure(users: number, timerMode: TimerMode): MemoryFigures {
  const output = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', String(users), timerMode],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(output.trim().split('\n').pop()!) as MemoryFigures;
}

export async function run(): Promise<void> {
  console.log('memory: batcher state per user (user ids excluded: they are the caller\'s), one child process per size');
  const results: MemoryFigures[] = [];
  for (const users of SIZES) {
    for (const timerMode of ['wheel', 'per-user'] as const) {
      const f = measure(users, timerMode);
      results.push(f);
      console.log(
        `${timerMode.padEnd(9)} ${formatNumber(users).padStart(9)} users: all dirty ${formatNumber(f.fullBytesPerUser).padStart(5)} B/user, ` +
          `served ${formatNumber(f.idleBytesPerUser).padStart(5)} B/user, peak RSS ${formatNumber(f.peakRssBytesPerUser).padStart(5)} B/user`,
      );
    }
  }
  for (const users of SIZES) {
    const wheel = results.find((r) => r.users === users && r.timerMode === 'wheel')!;
    const perUser = results.find((r) => r.users === users && r.timerMode === 'per-user')!;
    const worst = Math.max(wheel.fullBytesPerUser, wheel.peakRssBytesPerUser);
    console.log(
      `fast form at ${formatNumber(users)} users: ${formatNumber(worst)} B/user at worst ` +
        `(goal < ${GOAL_BYTES_PER_USER}: ${verdict(worst < GOAL_BYTES_PER_USER)}); ` +
        `per-user timers use x${formatNumber(perUser.fullBytesPerUser / wheel.fullBytesPerUser, 1)} the heap`,
    );
  }
}

if (process.argv[2] === '--child') {
  const figures = await measureInChild(Number(process.argv[3]), process.argv[4] as TimerMode);
  console.log(JSON.stringify(figures));
} else if (isMain(import.meta.url)) {
  await run();
}
