/**
 * Random timer programs run on VirtualClock and on @sinonjs/fake-timers must give the same callback
 * order and times (the reference). Immediates are left out on purpose: fake-timers runs an
 * immediate scheduled during a tick one millisecond later, Node and VirtualClock in the same turn
 * (pinned in virtual-clock.test.ts).
 */
import FakeTimers from '@sinonjs/fake-timers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/clock/virtual-clock.js';

type Action =
  | { op: 'timeout'; delayMs: number; then: Action[] }
  | { op: 'interval'; delayMs: number; runs: number; then: Action[] }
  | { op: 'clear'; target: number };

interface TimerApi {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, intervalMs: number): unknown;
  clearInterval(handle: unknown): void;
}

/** Runs a program against a timer API and returns what happened, in order, with the time. */
function interpret(api: TimerApi, program: Action[]): { log: string[]; done: Promise<void> } {
  const log: string[] = [];
  const handles: { handle: unknown; kind: 'timeout' | 'interval' }[] = [];
  const perform = (actions: Action[]): void => {
    for (const action of actions) {
      if (action.op === 'clear') {
        if (handles.length === 0) continue;
        const target = handles[action.target % handles.length]!;
        log.push(`clear#${action.target % handles.length}@${api.now()}`);
        if (target.kind === 'timeout') api.clearTimeout(target.handle);
        else api.clearInterval(target.handle);
        continue;
      }
      const label = handles.length;
      if (action.op === 'timeout') {
        const handle = api.setTimeout(() => {
          log.push(`timeout#${label}@${api.now()}`);
          void Promise.resolve().then(() => log.push(`then#${label}@${api.now()}`));
          perform(action.then);
        }, action.delayMs);
        handles.push({ handle, kind: 'timeout' });
      } else {
        let runs = 0;
        const handle = api.setInterval(() => {
          runs++;
          log.push(`interval#${label}.${runs}@${api.now()}`);
          if (runs === 1) perform(action.then);
          if (runs >= action.runs) api.clearInterval(handle);
        }, action.delayMs);
        handles.push({ handle, kind: 'interval' });
      }
    }
  };
  perform(program);
  return { log, done: Promise.resolve() };
}

const actionArbitrary: fc.Arbitrary<Action> = fc.letrec<{ action: Action }>((tie) => ({
  action: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ op: fc.constant('clear' as const), target: fc.nat(20) }),
    fc.record({
      op: fc.constant('timeout' as const),
      delayMs: fc.integer({ min: 1, max: 30 }),
      then: fc.array(tie('action'), { maxLength: 3 }),
    }),
    fc.record({
      op: fc.constant('interval' as const),
      delayMs: fc.integer({ min: 1, max: 12 }),
      runs: fc.integer({ min: 1, max: 4 }),
      then: fc.array(tie('action'), { maxLength: 2 }),
    }),
  ),
})).action;

async function runOnVirtualClock(program: Action[]): Promise<string[]> {
  const clock = new VirtualClock();
  const { log } = interpret(
    {
      now: () => clock.now(),
      setTimeout: (cb, ms) => clock.setTimeout(cb, ms),
      clearTimeout: (h) => clock.clearTimeout(h as ReturnType<VirtualClock['setTimeout']>),
      setInterval: (cb, ms) => clock.setInterval(cb, ms),
      clearInterval: (h) => clock.clearInterval(h as ReturnType<VirtualClock['setInterval']>),
    },
    program,
  );
  await clock.runAll({ limit: 10_000 });
  return log;
}

async function runOnFakeTimers(program: Action[]): Promise<string[]> {
  const clock = FakeTimers.createClock(0, 10_000);
  const { log } = interpret(
    {
      now: () => clock.now,
      setTimeout: (cb, ms) => clock.setTimeout(cb, ms),
      clearTimeout: (h) => clock.clearTimeout(h as FakeTimers.TimerId),
      setInterval: (cb, ms) => clock.setInterval(cb, ms),
      clearInterval: (h) => clock.clearInterval(h as FakeTimers.TimerId),
    },
    program,
  );
  await clock.runAllAsync();
  return log;
}

describe('VirtualClock against @sinonjs/fake-timers', () => {
  it('agrees on a hand-written program with ties, nesting and clears', async () => {
    const program: Action[] = [
      { op: 'timeout', delayMs: 10, then: [{ op: 'timeout', delayMs: 5, then: [] }, { op: 'clear', target: 2 }] },
      { op: 'interval', delayMs: 5, runs: 4, then: [{ op: 'timeout', delayMs: 10, then: [] }] },
      { op: 'timeout', delayMs: 15, then: [] },
      { op: 'timeout', delayMs: 10, then: [] },
    ];
    const ours = await runOnVirtualClock(program);
    expect(ours).toEqual(await runOnFakeTimers(program));
    expect(ours).toContain('clear#2@10');
    expect(ours).not.toContain('timeout#2@15');
  });

  it('agrees on random programs of setTimeout/clearTimeout/setInterval/clearInterval', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArbitrary, { minLength: 1, maxLength: 8 }), async (program) => {
        const ours = await runOnVirtualClock(program);
        const reference = await runOnFakeTimers(program);
        expect(ours).toEqual(reference);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });
});
