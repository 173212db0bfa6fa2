/**
 * Real time: N users marking at Poisson 2/s each for 10 s on RealClock (Node's own timers), no-op
 * services. Prints event-loop utilisation and event-loop lag p50/p99 for the fast form (timing
 * wheel) and the design's timer per user, next to the load driver alone (the baseline every run pays).
 * Goals for the fast form: utilisation under 50% and lag p99 under 20 ms.
 */
import { loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { RealClock } from '../../src/clock/index.js';
import type { TimerMode } from '../../src/batcher/config.js';
import { formatNumber, isMain, MARKS_PER_USER_PER_SECOND, noOpBatcher, PoissonMarks, userIds, verdict, VIEWPORT_MARK } from './_batcher-support.js';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const DURATION_MS = Number(process.env.BENCH_REALTIME_MS ?? 10_000);
const SEED = 7;

interface LoopFigures {
  marks: number;
  processings: number;
  utilisation: number;
  /** CPU time of the process over wall time: unlike utilisation, not inflated by other processes. */
  cpuShare: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
}

/**
 * Runs the load for DURATION_MS. Marks are made by a 1 ms driver tick that issues every arrival due
 * by then (no timer per mark); `mark` is the batcher's markUserAsDirty, or nothing for the baseline.
 */
async function underLoad(mark: ((userId: string) => void) | null, settleAfter: () => Promise<number>): Promise<LoopFigures> {
  const ids = userIds(USERS);
  const arrivals = new PoissonMarks(ids, MARKS_PER_USER_PER_SECOND, SEED);
  const lag = monitorEventLoopDelay({ resolution: 1 });
  let marks = 0;
  const started = performance.now();
  const startUtilisation = performance.eventLoopUtilization();
  const startCpu = process.cpuUsage();
  lag.enable();
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = performance.now() - started;
      while (arrivals.nextAtMs <= elapsed) {
        const id = arrivals.take();
        if (mark !== null) mark(id);
        marks++;
      }
      if (elapsed >= DURATION_MS) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
  lag.disable();
  const utilisation = performance.eventLoopUtilization(startUtilisation).utilization;
  const cpu = process.cpuUsage(startCpu);
  const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - started);
  const processings = await settleAfter();
  return {
    marks,
    processings,
    utilisation,
    cpuShare,
    lagP50Ms: lag.percentile(50) / 1e6,
    lagP99Ms: lag.percentile(99) / 1e6,
    lagMaxMs: lag.max / 1e6,
  };
}

async function withBatcher(timerMode: TimerMode): Promise<LoopFigures> {
  // Its timers keep the process alive: stop() clears them all, which the run relies on to end.
  const clock = new RealClock();
  const batcher = noOpBatcher(clock, { timerMode });
  batcher.start();
  return underLoad(
    (id) => batcher.markUserAsDirty(id, VIEWPORT_MARK),
    async () => {
      await batcher.stop();
      return batcher.getStats().totalUsersProcessed;
    },
  );
}

function line(name: string, f: LoopFigures): string {
  return (
    `${name.padEnd(26)} ${formatNumber(f.marks).padStart(10)} marks  ${formatNumber(f.processings).padStart(9)} processings  ` +
    `utilisation ${formatNumber(f.utilisation * 100, 1).padStart(5)}%  CPU ${formatNumber(f.cpuShare * 100, 1).padStart(5)}%  lag p50 ${formatNumber(f.lagP50Ms, 2).padStart(7)} ms  ` +
    `p99 ${formatNumber(f.lagP99Ms, 2).padStart(7)} ms  max ${formatNumber(f.lagMaxMs, 1).padStart(7)} ms`
  );
}

export async function run(): Promise<void> {
  console.log(
    `real time: ${formatNumber(USERS)} users x Poisson 2 marks/s for ${DURATION_MS / 1000} s on RealClock, no-op services ` +
      `(machine load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}: utilisation and lag grow with other processes; CPU share less so)`,
  );
  const driver = await underLoad(null, async () => 0);
  console.log(line('load driver alone', driver));
  const wheel = await withBatcher('wheel');
  console.log(line('wheel (fast form)', wheel));
  const perUser = await withBatcher('per-user');
  console.log(line('per-user timers (baseline)', perUser));
  console.log(
    `fast form: utilisation ${formatNumber(wheel.utilisation * 100, 1)}% (goal < 50%: ${verdict(wheel.utilisation < 0.5)}), ` +
      `lag p99 ${formatNumber(wheel.lagP99Ms, 2)} ms (goal < 20 ms: ${verdict(wheel.lagP99Ms < 20)})`,
  );
  console.log(
    `per-user timers vs fast form: utilisation x${formatNumber(perUser.utilisation / wheel.utilisation, 1)}, ` +
      `lag p99 x${formatNumber(perUser.lagP99Ms / Math.max(wheel.lagP99Ms, 0.001), 1)}`,
  );
}

if (isMain(import.meta.url)) await run();
