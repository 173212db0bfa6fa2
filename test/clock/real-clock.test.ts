import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { RealClock } from '../../src/clock/real-clock.js';
import { sleepOn, yieldOn } from '../../src/clock/clock.js';

/** Keeps the event loop busy for `ms` of wall time, as a simulator's own work would. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* spin */
  }
}

/** How long `spendCpu(ms)` held the loop, in wall ms. */
function timeSpend(clock: RealClock, ms: number): number {
  const started = performance.now();
  clock.spendCpu(ms);
  return performance.now() - started;
}

describe('RealClock', () => {
  it('runs timeouts and immediates on the real event loop, in order', async () => {
    const clock = new RealClock();
    const log: string[] = [];
    const start = clock.now();
    await new Promise<void>((resolve) => {
      clock.setTimeout(() => {
        log.push('timeout');
        resolve();
      }, 20);
      clock.setImmediate(() => log.push('immediate'));
    });
    const elapsed = clock.now() - start;
    expect(log).toEqual(['immediate', 'timeout']);
    // Generous: a loaded CI machine may be late, never early.
    expect(elapsed).toBeGreaterThanOrEqual(15);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('cancels what it issued and repeats intervals until cleared', async () => {
    const clock = new RealClock();
    let cancelledRan = false;
    const cancelled = clock.setTimeout(() => {
      cancelledRan = true;
    }, 5);
    clock.clearTimeout(cancelled);
    const ticks = await new Promise<number>((resolve) => {
      let count = 0;
      const handle = clock.setInterval(() => {
        count++;
        if (count === 3) {
          clock.clearInterval(handle);
          resolve(count);
        }
      }, 5);
    });
    await sleepOn(clock, 20);
    expect(ticks).toBe(3);
    expect(cancelledRan).toBe(false);
  });

  it('spendCpu really occupies the event loop', async () => {
    const clock = new RealClock();
    const start = clock.now();
    clock.spendCpu(30);
    expect(clock.now() - start).toBeGreaterThanOrEqual(30);
    expect(clock.cpuBusyMs()).toBe(30);
    await yieldOn(clock);
  });

  it('can leave its timers unreferenced so they do not keep a process alive', () => {
    const loose = new RealClock({ keepsProcessAlive: false });
    const firm = new RealClock();
    const looseHandle = loose.setTimeout(() => undefined, 60_000) as unknown as { native: NodeJS.Timeout };
    const firmHandle = firm.setTimeout(() => undefined, 60_000) as unknown as { native: NodeJS.Timeout };
    expect(looseHandle.native.hasRef()).toBe(false);
    expect(firmHandle.native.hasRef()).toBe(true);
    loose.clearTimeout(looseHandle as never);
    firm.clearTimeout(firmHandle as never);
  });

  it('without credit, spendCpu busy-waits all it is asked, whatever ran before', () => {
    const clock = new RealClock();
    busyFor(20);
    expect(timeSpend(clock, 30)).toBeGreaterThanOrEqual(30);
    expect(clock.cpuAccount()).toEqual({ requestedMs: 30, spunMs: 30, creditedMs: 0 });
  });
});

// Real time on a shared machine: bounds leave room for the process being descheduled (which only
// ever adds credit or lateness), and a test is retried once or twice if it still lands outside.
describe('RealClock with creditLoopWork', { retry: 2 }, () => {
  it('counts the loop work just before spendCpu toward it, so the stretch lasts the larger of the two', () => {
    const clock = new RealClock({ creditLoopWork: true });
    busyFor(20);
    // 20 ms of the 30 asked for were already spent by the work above: only the rest is busy-waited.
    const heldMs = timeSpend(clock, 30);
    const account = clock.cpuAccount();
    expect(account.requestedMs).toBe(30);
    expect(account.creditedMs).toBeGreaterThanOrEqual(19);
    expect(account.spunMs).toBeLessThanOrEqual(11);
    // About 10 ms; without the credit at least 30.
    expect(heldMs).toBeLessThan(28);
    expect(clock.cpuBusyMs()).toBe(30);
  });

  it('carries unused credit over to the next spend, and never credits its own busy-waiting', () => {
    const clock = new RealClock({ creditLoopWork: true });
    busyFor(20);
    clock.spendCpu(5); // covered by the work above, with about 15 ms of credit left
    clock.spendCpu(10); // covered by what is left
    expect(clock.cpuAccount().spunMs).toBeLessThan(3);
    // About 5 ms of credit remain, then none: the busy-waiting of one spend must not pay for the next
    // (if it did, these would busy-wait 15, 5, 15 and 5 ms, 40 in all).
    for (let i = 0; i < 4; i++) clock.spendCpu(20);
    const account = clock.cpuAccount();
    expect(account.requestedMs).toBe(95);
    // 75 expected; other processes taking the CPU between two spends can only add credit.
    expect(account.spunMs).toBeGreaterThanOrEqual(55);
  });

  it('drops the credit once the loop has rested: work before a wait delayed nothing after it', async () => {
    const clock = new RealClock({ creditLoopWork: true });
    busyFor(20);
    // Counted from model time, 20 ms behind: the loop waits about 80 ms of this.
    await sleepOn(clock, 100);
    expect(timeSpend(clock, 10)).toBeGreaterThanOrEqual(5);
    const account = clock.cpuAccount();
    expect(account.spunMs).toBeGreaterThan(5);
    expect(account.creditedMs).toBeLessThan(5);
  });

  it('credits the work a timer callback does after the loop rested', async () => {
    const clock = new RealClock({ creditLoopWork: true });
    const heldMs = await new Promise<number>((resolve) => {
      clock.setTimeout(() => {
        busyFor(15);
        resolve(timeSpend(clock, 20));
      }, 10);
    });
    // About 5 ms; without the credit at least 20.
    expect(heldMs).toBeLessThan(15);
    expect(clock.cpuAccount().creditedMs).toBeGreaterThanOrEqual(14);
  });

  it('still runs timers, intervals and immediates, and cancels them', async () => {
    const clock = new RealClock({ creditLoopWork: true, keepsProcessAlive: false });
    const log: string[] = [];
    const cancelled = clock.setTimeout(() => log.push('cancelled'), 1);
    clock.clearTimeout(cancelled);
    await new Promise<void>((resolve) => {
      let ticks = 0;
      const interval = clock.setInterval(() => {
        log.push('tick');
        if (++ticks === 2) {
          clock.clearInterval(interval);
          resolve();
        }
      }, 5);
      clock.setImmediate(() => log.push('immediate'));
    });
    expect(log).toEqual(['immediate', 'tick', 'tick']);
  });

  it('reads model time: still while the loop works, moved by exactly ms on spendCpu, real time after a rest', async () => {
    const clock = new RealClock({ creditLoopWork: true });
    const startMs = clock.now();
    busyFor(20);
    // The simulator's work takes no model time, as on the virtual clock...
    expect(clock.now() - startMs).toBeLessThan(0.5);
    expect(clock.lagMs()).toBeGreaterThanOrEqual(19);
    // ...and the modelled CPU takes exactly what it asks for (here covered by the work above).
    clock.spendCpu(30);
    expect(clock.now() - startMs).toBeCloseTo(30, 6);
    // Once the loop has waited, model time is real time again.
    await sleepOn(clock, 60);
    expect(Math.abs(clock.now() - performance.now())).toBeLessThan(1);
    expect(clock.lagMs()).toBeLessThan(1);
  });

  it('counts a timeout from model time: work that delays its start does not delay its end', async () => {
    const clock = new RealClock({ creditLoopWork: true });
    const startMs = clock.now();
    busyFor(50);
    const lagAtSetMs = clock.lagMs();
    const setAtWallMs = performance.now();
    const fired = await new Promise<{ wallMs: number; modelMs: number }>((resolve) => {
      clock.setTimeout(() => resolve({ wallMs: performance.now() - setAtWallMs, modelMs: clock.now() - startMs }), 100);
    });
    // Due 100 ms after the model time it was set at, which was about 50 ms behind real time: about
    // 50 ms of wall time after the call (at least 100 without model time).
    expect(lagAtSetMs).toBeGreaterThanOrEqual(49);
    expect(fired.wallMs).toBeGreaterThanOrEqual(100 - lagAtSetMs - 2);
    expect(fired.wallMs).toBeLessThan(85);
    expect(fired.modelMs).toBeGreaterThanOrEqual(99);
    expect(fired.modelMs).toBeLessThan(140);
  });

  it('forgets the work so far on resetCredit: no credit, model time is real time', () => {
    const clock = new RealClock({ creditLoopWork: true });
    busyFor(15);
    clock.resetCredit();
    expect(clock.lagMs()).toBeLessThan(0.5);
    // Without the reset the 15 ms above would cover all of it.
    expect(timeSpend(clock, 10)).toBeGreaterThanOrEqual(5);
  });

  it('is plain real time without the option', () => {
    const clock = new RealClock();
    busyFor(10);
    expect(Math.abs(clock.now() - performance.now())).toBeLessThan(0.5);
    expect(clock.lagMs()).toBe(0);
  });
});

