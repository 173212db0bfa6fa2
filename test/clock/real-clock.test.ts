import { describe, expect, it } from 'vitest';
import { RealClock } from '../../src/clock/real-clock.js';
import { sleepOn, yieldOn } from '../../src/clock/clock.js';

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
});
