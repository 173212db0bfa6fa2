/**
 * lodash's `debounce(fn, wait, { maxWait })` (trailing edge) reduced to arithmetic, so the
 * debounce-maxwait strategy fires exactly when lodash would, with one deadline per user.
 *
 * lodash keeps, per debounced function, the time of the last call, the time of the last invoke (also
 * set when a burst starts: its "leading edge", even without a leading invoke) and a timer. The timer
 * is first set `wait` after the call that created it, and from then on re-checks at exactly
 * min(lastCall + wait, lastInvoke + maxWait). So the time its timer ends (and, if calls are pending,
 * invokes) is max(firstCheck, min(lastCall + wait, lastInvoke + maxWait)). A call that finds the max
 * wait over while that timer still runs invokes at once, during the call.
 */

/** When lodash's timer ends: its first check, or the first exact re-check that finds a wait over. */
export function lodashTimerEndMs(
  lastCallMs: number,
  lastInvokeMs: number,
  firstCheckMs: number,
  waitMs: number,
  maxWaitMs: number,
): number {
  return Math.max(firstCheckMs, Math.min(lastCallMs + waitMs, lastInvokeMs + maxWaitMs));
}

/** What lodash does with a call at `nowMs`, given its state before the call. */
export type MaxWaitCallOutcome =
  /** A burst starts: the last invoke time moves to now and a timer is set `wait` from now. */
  | 'leading-edge'
  /** The max wait is over while the timer runs: invoke during this call. */
  | 'invoke-now'
  /** No timer: one is set `wait` from now. */
  | 'start-timer'
  /** The running timer will see this call. */
  | 'join';

export function lodashCallOutcome(
  nowMs: number,
  lastCallMs: number,
  lastInvokeMs: number,
  firstCheckMs: number,
  waitMs: number,
  maxWaitMs: number,
): MaxWaitCallOutcome {
  // A timer that has ended is NaN; at its end time it has already run (timers due now run before a call).
  const timerRuns =
    !Number.isNaN(firstCheckMs) && nowMs < lodashTimerEndMs(lastCallMs, lastInvokeMs, firstCheckMs, waitMs, maxWaitMs);
  const invoking = nowMs - lastCallMs >= waitMs || nowMs - lastInvokeMs >= maxWaitMs;
  if (invoking) return timerRuns ? 'invoke-now' : 'leading-edge';
  return timerRuns ? 'join' : 'start-timer';
}
