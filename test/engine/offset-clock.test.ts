/**
 * The OffsetClock over a VirtualClock, so every time is exact: it reads time from its origin, and
 * when held it reads 0 and keeps its timeouts and intervals until start(), so set-up costs no time.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { OffsetClock } from '../../src/engine/offset-clock.js';

describe('OffsetClock', () => {
  it('reads time from its origin and delegates timers and CPU', async () => {
    const inner = new VirtualClock({ startMs: 1000 });
    const clock = new OffsetClock(inner, 1000);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 30);
    clock.spendCpu(5);
    expect(clock.now()).toBe(5);
    await inner.runAll();
    expect(fired).toEqual([30]);
    expect(clock.isHeld).toBe(false);
  });

  it('when held, reads 0 and starts counting its timeouts and intervals at start()', async () => {
    const inner = new VirtualClock({ startMs: 500 });
    const clock = OffsetClock.held(inner);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`timeout at ${clock.now()}`), 200);
    const interval = clock.setInterval(() => {
      fired.push(`interval at ${clock.now()}`);
      if (clock.now() >= 2000) clock.clearInterval(interval);
    }, 1000);
    // Set-up takes 120 ms of the inner clock's time; the held clock does not see it.
    await inner.advanceBy(120);
    expect(clock.isHeld).toBe(true);
    expect(clock.now()).toBe(0);
    expect(fired).toEqual([]);

    clock.start();
    expect(clock.now()).toBe(0);
    await inner.runAll();
    expect(fired).toEqual(['timeout at 200', 'interval at 1000', 'interval at 2000']);
  });

  it('cancels a held timer before and after start(), and runs immediates at once', async () => {
    const inner = new VirtualClock();
    const clock = OffsetClock.held(inner);
    const fired: string[] = [];
    const before = clock.setTimeout(() => fired.push('cancelled before start'), 10);
    const after = clock.setTimeout(() => fired.push('cancelled after start'), 10);
    clock.setTimeout(() => fired.push('kept'), 10);
    clock.setImmediate(() => fired.push('immediate'));
    clock.clearTimeout(before);
    await inner.runAll();
    expect(fired).toEqual(['immediate']);

    clock.start();
    clock.start(); // idempotent: nothing is set twice
    clock.clearTimeout(after);
    await inner.runAll();
    expect(fired).toEqual(['immediate', 'kept']);
    expect(inner.pendingCount()).toBe(0);
  });

  it('ignores handles it did not issue', () => {
    const inner = new VirtualClock();
    const clock = OffsetClock.held(inner);
    const other = OffsetClock.held(inner);
    const handle = other.setTimeout(() => undefined, 10);
    clock.clearTimeout(handle);
    other.start();
    expect(inner.pendingCount()).toBe(1);
  });
});
