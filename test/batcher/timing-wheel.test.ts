import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/clock/index.js';
import type { Clock, TimerCallback, TimerHandle } from '../../src/clock/index.js';
import type { DeadlineCells } from '../../src/batcher/deadline-schedule.js';
import { TimingWheel } from '../../src/batcher/timing-wheel.js';

class ArrayCells implements DeadlineCells {
  readonly dues = new Float64Array(10_000).fill(Number.POSITIVE_INFINITY);
  dueOf(slot: number): number {
    return this.dues[slot]!;
  }
  setDue(slot: number, dueMs: number): void {
    this.dues[slot] = dueMs;
  }
  clearAll(): void {
    this.dues.fill(Number.POSITIVE_INFINITY);
  }
}

function wheelOn(clock: Clock) {
  const fired: [number, number][] = [];
  const wheel = new TimingWheel(clock, (slot) => fired.push([slot, clock.now()]), new ArrayCells());
  return { wheel, fired };
}

describe('TimingWheel', () => {
  it('fires each slot at its deadline, in deadline order, with one clock timer at a time', async () => {
    const clock = new VirtualClock();
    const { wheel, fired } = wheelOn(clock);
    wheel.arm(1, 100);
    await clock.advanceBy(10);
    wheel.arm(2, 110);
    wheel.arm(3, 110);
    await clock.advanceBy(30);
    wheel.arm(4, 240);
    expect(clock.pendingCount()).toBe(1);
    expect(wheel.armedCount).toBe(4);
    await clock.advanceBy(1000);
    expect(fired).toEqual([
      [1, 100],
      [2, 110],
      [3, 110],
      [4, 240],
    ]);
    expect(wheel.armedCount).toBe(0);
    expect(clock.pendingCount()).toBe(0);
  });

  it('rounds a deadline up to the end of its millisecond: never early', async () => {
    const clock = new VirtualClock({ startMs: 0.3 });
    const { wheel, fired } = wheelOn(clock);
    wheel.arm(1, 50.3);
    wheel.arm(2, 50.9);
    await clock.advanceBy(50.5);
    expect(fired).toEqual([]);
    await clock.advanceBy(1);
    expect(fired).toEqual([
      [1, 51],
      [2, 51],
    ]);
  });

  it('moves a re-armed deadline and skips the stale entry', async () => {
    const clock = new VirtualClock();
    const { wheel, fired } = wheelOn(clock);
    wheel.arm(7, 100);
    await clock.advanceBy(50);
    wheel.arm(7, 150);
    expect(wheel.armedCount).toBe(1);
    await clock.advanceBy(99);
    expect(fired).toEqual([]);
    await clock.advanceBy(1);
    expect(fired).toEqual([[7, 150]]);
  });

  it('does not queue a second entry for a re-arm within the same millisecond', () => {
    const clock = new VirtualClock();
    const { wheel } = wheelOn(clock);
    wheel.arm(1, 200.2);
    wheel.arm(1, 200.6);
    expect(wheel.queuedEntries).toBe(1);
  });

  it('leaves no clock timer once nothing is armed', async () => {
    const clock = new VirtualClock();
    const { wheel, fired } = wheelOn(clock);
    wheel.arm(1, 100);
    wheel.arm(2, 120);
    wheel.disarm(1);
    expect(clock.pendingCount()).toBe(1);
    wheel.disarm(2);
    expect(wheel.isArmed(2)).toBe(false);
    expect(clock.pendingCount()).toBe(0);
    await clock.advanceBy(500);
    expect(fired).toEqual([]);
    wheel.arm(3, 600);
    wheel.clear();
    expect(clock.pendingCount()).toBe(0);
  });

  it('keeps order when a deadline is armed before the last one queued', async () => {
    const clock = new VirtualClock();
    const { wheel, fired } = wheelOn(clock);
    wheel.arm(1, 300);
    wheel.arm(2, 100);
    wheel.arm(3, 200);
    await clock.advanceBy(1000);
    expect(fired).toEqual([
      [2, 100],
      [3, 200],
      [1, 300],
    ]);
  });

  it('keeps thousands of entries in order through growth and compaction', async () => {
    const clock = new VirtualClock();
    const { wheel, fired } = wheelOn(clock);
    const expected: [number, number][] = [];
    for (let t = 0; t < 5000; t++) {
      const slot = t % 3000;
      wheel.arm(slot, clock.now() + 100);
      await clock.advanceBy(1);
    }
    // A slot fires only if it was not re-armed before its deadline: slots < 2000 were re-armed at t + 3000.
    for (let t = 0; t < 5000; t++) {
      const slot = t % 3000;
      if (t < 2000) continue;
      expected.push([slot, t + 100]);
    }
    await clock.advanceBy(200);
    expect(fired.filter(([, at]) => at >= 2100)).toEqual(expected);
  });

  it('arms a deadline from inside a firing callback', async () => {
    const clock = new VirtualClock();
    const fired: [number, number][] = [];
    const wheel: TimingWheel = new TimingWheel(
      clock,
      (slot) => {
        fired.push([slot, clock.now()]);
        if (slot === 1) wheel.arm(9, clock.now() + 5);
      },
      new ArrayCells(),
    );
    wheel.arm(1, 10);
    wheel.arm(2, 10);
    wheel.arm(3, 30);
    await clock.advanceBy(100);
    expect(fired).toEqual([
      [1, 10],
      [2, 10],
      [9, 15],
      [3, 30],
    ]);
  });

  it('waits again when the clock fires its timer early, as Node may with fractional delays', () => {
    // A hand-driven clock whose timers run whenever the test says, early or not.
    let now = 0;
    const timers: { callback: TimerCallback; delayMs: number; handle: TimerHandle }[] = [];
    let nextId = 1;
    const clock: Clock = {
      now: () => now,
      setTimeout: (callback, delayMs) => {
        const handle = { id: nextId++ };
        timers.push({ callback, delayMs, handle });
        return handle;
      },
      clearTimeout: (handle) => {
        const index = timers.findIndex((t) => t.handle === handle);
        if (index >= 0) timers.splice(index, 1);
      },
      setInterval: () => ({ id: 0 }),
      clearInterval: () => undefined,
      setImmediate: () => ({ id: 0 }),
      clearImmediate: () => undefined,
      spendCpu: () => undefined,
    };
    const { wheel, fired } = wheelOn(clock);
    now = 0.7;
    wheel.arm(1, 100.7);
    expect(timers.map((t) => t.delayMs)).toEqual([100.3]);
    now = 100.2; // the timer fires before the deadline's millisecond has ended
    timers.shift()!.callback();
    expect(fired).toEqual([]);
    expect(timers).toHaveLength(1);
    expect(timers[0]!.delayMs).toBeCloseTo(0.8);
    now = 101;
    timers.shift()!.callback();
    expect(fired).toEqual([[1, 101]]);
  });
});

describe('TimingWheel with deadlines out of order', () => {
  it('fires deadlines armed before the last queued one in time order, FIFO first on ties', async () => {
    const clock = new VirtualClock();
    const { wheel, fired } = wheelOn(clock);
    wheel.arm(1, 500);
    wheel.arm(2, 200); // out of order: goes to the heap
    wheel.arm(3, 500);
    wheel.arm(4, 300);
    wheel.arm(5, 200);
    await clock.advanceBy(250);
    expect(fired).toEqual([
      [2, 200],
      [5, 200],
    ]);
    wheel.arm(4, 260); // moved: the heap entry at 300 is stale now
    await clock.advanceBy(1000);
    expect(fired).toEqual([
      [2, 200],
      [5, 200],
      [4, 260],
      [1, 500],
      [3, 500],
    ]);
    expect(clock.pendingCount()).toBe(0);
  });
});

describe('TimingWheel bursts', () => {
  it('starts at most duePerTurn users per event-loop turn, still at their deadline', async () => {
    const clock = new VirtualClock();
    const turns: number[] = [];
    let turn = 0;
    const fired: number[] = [];
    const wheel = new TimingWheel(
      clock,
      (slot) => {
        fired.push(slot);
        turns.push(turn);
        // Counts the turns: a microtask queued by a turn runs before the next turn starts.
        if (fired.length % 100 === 1) void Promise.resolve().then(() => turn++);
      },
      new ArrayCells(),
      100,
    );
    for (let slot = 0; slot < 250; slot++) wheel.arm(slot, 50);
    wheel.arm(999, 60);
    const before = clock.getStats().callbacksRun;
    await clock.advanceBy(55);
    expect(fired).toHaveLength(250);
    expect(fired.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(clock.now()).toBe(55);
    expect(clock.getStats().callbacksRun - before).toBe(3);
    expect([turns[0], turns[99], turns[100], turns[199], turns[200], turns[249]]).toEqual([0, 0, 1, 1, 2, 2]);
    // A deadline armed while the burst goes on waits its turn; the later one still fires on time.
    await clock.advanceBy(10);
    expect(fired).toHaveLength(251);
    expect(clock.pendingCount()).toBe(0);
  });
});
