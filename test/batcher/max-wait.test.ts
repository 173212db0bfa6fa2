import { describe, expect, it } from 'vitest';
import { lodashCallOutcome, lodashTimerEndMs } from '../../src/batcher/max-wait.js';

describe("lodash's max-wait arithmetic", () => {
  const wait = 100;
  const maxWait = 250;

  it('ends the timer at its first check, or at the first exact re-check that finds a wait over', () => {
    // Burst from 0, last call 180: the debounce window ends at 280, the max wait at 250.
    expect(lodashTimerEndMs(180, 0, 100, wait, maxWait)).toBe(250);
    // Last call 120: the debounce window (220) ends first.
    expect(lodashTimerEndMs(120, 0, 100, wait, maxWait)).toBe(220);
    // A first check later than both: lodash only looks then.
    expect(lodashTimerEndMs(120, 0, 300, wait, maxWait)).toBe(300);
  });

  it('classifies calls as lodash does', () => {
    const never = Number.NEGATIVE_INFINITY;
    expect(lodashCallOutcome(0, never, never, Number.NaN, wait, maxWait)).toBe('leading-edge');
    // Within the window of the last call, timer running: joins it.
    expect(lodashCallOutcome(50, 0, 0, 100, wait, maxWait)).toBe('join');
    // Just after a trailing invoke at 250 (timer ended), a call soon after the last one starts a timer only.
    expect(lodashCallOutcome(260, 240, 250, Number.NaN, wait, maxWait)).toBe('start-timer');
    // The max wait is over while the timer still runs: lodash invokes during the call.
    expect(lodashCallOutcome(255, 240, 0, 300, wait, maxWait)).toBe('invoke-now');
    // A quiet spell as long as the window: a new burst.
    expect(lodashCallOutcome(400, 290, 250, Number.NaN, wait, maxWait)).toBe('leading-edge');
  });
});
