import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { VirtualClockLoopLimitError, VirtualClockReentryError } from '../../src/clock/errors.js';
import { sleepOn, yieldOn } from '../../src/clock/clock.js';

describe('VirtualClock ordering', () => {
  it('runs timers by due time, then in scheduling order', async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    clock.setTimeout(() => log.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => log.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => log.push(`c@${clock.now()}`), 20);
    await clock.runAll();
    expect(log).toEqual(['a@10', 'b@20', 'c@20']);
  });

  it('runs an immediate before a timer due at the same time, even one scheduled earlier', async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    clock.setTimeout(() => {
      log.push(`t1@${clock.now()}`);
      clock.setImmediate(() => log.push(`immediate@${clock.now()}`));
    }, 5);
    clock.setTimeout(() => log.push(`t2@${clock.now()}`), 5);
    await clock.runAll();
    // The immediate is due at 5 like t2 and sorts before it: same turn, no extra millisecond.
    expect(log).toEqual(['t1@5', 'immediate@5', 't2@5']);
  });

  it('pins the by-design difference from fake-timers: an immediate runs in the same millisecond', async () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    clock.setTimeout(() => {
      clock.setImmediate(() => seen.push(clock.now()));
    }, 7);
    await clock.runAll();
    expect(seen).toEqual([7]);
  });

  it('treats a delay below 1 ms, or not a number, as 1 ms, as Node does', async () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 0);
    clock.setTimeout(() => seen.push(clock.now()), -5);
    clock.setTimeout(() => seen.push(clock.now()), Number.NaN);
    clock.setTimeout(() => seen.push(clock.now()), 2.5);
    await clock.runAll();
    expect(seen).toEqual([1, 1, 1, 2.5]);
  });

  it('repeats an interval until it is cleared, also from inside its own callback', async () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    const handle = clock.setInterval(() => {
      seen.push(clock.now());
      if (seen.length === 3) clock.clearInterval(handle);
    }, 10);
    await clock.runAll();
    expect(seen).toEqual([10, 20, 30]);
    expect(clock.pendingCount()).toBe(0);
  });

  it('cancels timeouts and immediates, and ignores handles it did not issue', async () => {
    const clock = new VirtualClock();
    const other = new VirtualClock();
    const log: string[] = [];
    const t = clock.setTimeout(() => log.push('timeout'), 10);
    const i = clock.setImmediate(() => log.push('immediate'));
    const foreign = other.setTimeout(() => log.push('other'), 1);
    clock.clearTimeout(t);
    clock.clearImmediate(i);
    clock.clearTimeout(foreign);
    clock.clearTimeout(undefined);
    clock.clearTimeout(null);
    await clock.runAll();
    await other.runAll();
    expect(log).toEqual(['other']);
  });

  it('keeps cancellation cheap and correct when most timers are cancelled (debounce resets)', async () => {
    const clock = new VirtualClock();
    let fired = 0;
    let handle = clock.setTimeout(() => fired++, 200);
    for (let i = 0; i < 50_000; i++) {
      clock.clearTimeout(handle);
      handle = clock.setTimeout(() => fired++, 200);
    }
    expect(clock.pendingCount()).toBe(1);
    await clock.runAll();
    expect(fired).toBe(1);
    expect(clock.now()).toBe(200);
  });

  it('clearing a timer that already fired changes nothing', async () => {
    const clock = new VirtualClock();
    let fired = 0;
    const handle = clock.setTimeout(() => fired++, 1);
    await clock.runAll();
    clock.clearTimeout(handle);
    clock.setTimeout(() => fired++, 1);
    expect(clock.pendingCount()).toBe(1);
    await clock.runAll();
    expect(fired).toBe(2);
  });
});

describe('VirtualClock run methods', () => {
  it('advanceBy runs what falls due and leaves time at the target', async () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 10);
    clock.setTimeout(() => seen.push(clock.now()), 30);
    expect(await clock.advanceBy(20)).toBe(1);
    expect(seen).toEqual([10]);
    expect(clock.now()).toBe(20);
    await clock.runUntil(30);
    expect(seen).toEqual([10, 30]);
  });

  it('runNext runs exactly one callback and reports whether there was one', async () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(1), 5);
    clock.setTimeout(() => seen.push(2), 6);
    expect(await clock.runNext()).toBe(true);
    expect(seen).toEqual([1]);
    expect(clock.now()).toBe(5);
    expect(await clock.runNext()).toBe(true);
    expect(await clock.runNext()).toBe(false);
  });

  it('runAll throws a named error past its limit, naming what is pending', async () => {
    const clock = new VirtualClock();
    clock.setInterval(() => undefined, 1);
    const error = await clock.runAll({ limit: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VirtualClockLoopLimitError);
    expect((error as VirtualClockLoopLimitError).limit).toBe(50);
    expect((error as Error).message).toMatch(/ran 50 callbacks and 1 are still pending/);
    expect(clock.now()).toBe(50);
  });

  it('refuses to be run twice at once', async () => {
    const clock = new VirtualClock();
    clock.setTimeout(() => undefined, 1);
    const first = clock.runAll();
    await expect(clock.advanceBy(1)).rejects.toBeInstanceOf(VirtualClockReentryError);
    await first;
  });

  it('passes on an error thrown by a callback, and one rejected by an async callback', async () => {
    const clock = new VirtualClock();
    clock.setTimeout(() => {
      throw new Error('sync boom');
    }, 1);
    await expect(clock.runAll()).rejects.toThrow('sync boom');
    clock.setTimeout(async () => {
      await Promise.resolve();
      throw new Error('async boom');
    }, 1);
    await expect(clock.runAll()).rejects.toThrow('async boom');
  });
});

describe('VirtualClock and promises', () => {
  it('lets promise chains started by a callback finish before the next timer runs', async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    clock.setTimeout(async () => {
      log.push('a start');
      for (let i = 0; i < 20; i++) await Promise.resolve();
      await new Promise<void>((resolve) => queueMicrotask(resolve));
      log.push(`a end@${clock.now()}`);
    }, 10);
    clock.setTimeout(() => log.push(`b@${clock.now()}`), 10);
    await clock.runAll();
    expect(log).toEqual(['a start', 'a end@10', 'b@10']);
  });

  it('runs an async function that sleeps on the clock at the right virtual times', async () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    const work = (async () => {
      await sleepOn(clock, 100);
      seen.push(clock.now());
      await yieldOn(clock);
      seen.push(clock.now());
      await sleepOn(clock, 50);
      seen.push(clock.now());
    })();
    await clock.runAll();
    await work;
    expect(seen).toEqual([100, 100, 150]);
  });

  it('keeps setImmediate chains in order with their continuations, ahead of due timers', async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    clock.setTimeout(() => log.push('timer'), 1);
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await yieldOn(clock);
        log.push(`turn ${i}@${clock.now()}`);
      }
    })();
    await clock.runAll();
    expect(log).toEqual(['turn 0@0', 'turn 1@0', 'turn 2@0', 'timer']);
  });
});

describe('VirtualClock event-loop model', () => {
  it('spendCpu moves time and delays timers that fall due meanwhile; the lag is measured', async () => {
    const lags: number[] = [];
    const clock = new VirtualClock({ onLag: (ms) => lags.push(ms) });
    const seen: string[] = [];
    clock.setTimeout(() => {
      clock.spendCpu(30);
      seen.push(`busy until ${clock.now()}`);
    }, 10);
    clock.setTimeout(() => seen.push(`late timer@${clock.now()}`), 15);
    clock.setTimeout(() => seen.push(`on time@${clock.now()}`), 50);
    await clock.runAll();
    expect(seen).toEqual(['busy until 40', 'late timer@40', 'on time@50']);
    expect(lags).toEqual([25]);
    const stats = clock.getStats();
    expect(stats.cpuBusyMs).toBe(30);
    expect(stats.maxLagMs).toBe(25);
    expect(stats.timersFiredLate).toBe(1);
  });

  it('CPU spent in a promise continuation also blocks later timers', async () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    clock.setTimeout(async () => {
      await Promise.resolve();
      clock.spendCpu(12);
    }, 1);
    clock.setTimeout(() => seen.push(clock.now()), 2);
    await clock.runAll();
    expect(seen).toEqual([13]);
  });

  it('refuses a negative or non-finite CPU time', () => {
    const clock = new VirtualClock();
    expect(() => clock.spendCpu(-1)).toThrow(/spendCpu\(ms\) takes a finite number/);
    expect(() => clock.spendCpu(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('an interval that fired late counts its next run from when it actually ran, as Node does', async () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    clock.setTimeout(() => clock.spendCpu(25), 5);
    const handle = clock.setInterval(() => {
      seen.push(clock.now());
      if (seen.length === 3) clock.clearInterval(handle);
    }, 10);
    await clock.runAll();
    expect(seen).toEqual([30, 40, 50]);
  });
});

describe('VirtualClock determinism', () => {
  it('gives the same callback order on every run of the same program', async () => {
    const runOnce = async (): Promise<string[]> => {
      const clock = new VirtualClock();
      const log: string[] = [];
      for (let i = 0; i < 200; i++) {
        const delay = (i * 7919) % 13;
        clock.setTimeout(() => {
          log.push(`${i}@${clock.now()}`);
          if (i % 3 === 0) clock.setImmediate(() => log.push(`imm${i}@${clock.now()}`));
        }, delay);
      }
      await clock.runAll();
      return log;
    };
    expect(await runOnce()).toEqual(await runOnce());
  });
});

describe('VirtualClock and work started outside its callbacks', () => {
  it('lets a promise chain started by the driver reach its timer before time moves (regression: timer scheduled from the later now)', async () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    void (async () => {
      await Promise.resolve();
      await Promise.resolve();
      await sleepOn(clock, 10);
      seen.push(clock.now());
    })();
    await clock.advanceBy(1000);
    expect(seen).toEqual([10]);
  });

  it('with settled: true skips that turn, as the caller promised nothing was pending', async () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 5);
    await clock.runUntil(10, { settled: true });
    expect(seen).toEqual([5]);
  });
});
