/**
 * The batcher's counters: the six of the design note plus what a simulator needs to tell a healthy
 * batcher from one that loses, repeats or starves work. getStats() hands out a copy.
 */
export interface BatcherStats {
  /** Calls to markUserAsDirty (every mark, coalesced or not). */
  totalUsersMarkedDirty: number;
  /** Processings whose calculateAndSendDiff succeeded. A failed one is not counted here. */
  totalUsersProcessed: number;
  /** Processings started because a user's debounce window (or its retry delay, or max wait) ended. */
  totalDebounceTimersFired: number;
  /** Sweep rounds run by the periodic sweeper (a round deferred by a skipped tick included). */
  totalSweeperRuns: number;
  /** Users marked and not yet processed (a user in flight that was marked again counts). */
  currentDirtyUsers: number;
  /** Users waiting for a debounce, retry or max-wait deadline (one per deadline kind). */
  currentActiveTimers: number;
  /** Batches run by sweeps, forced batches and the final flush of stop(). */
  totalBatchesProcessed: number;
  /** Processings whose state reads or calculateAndSendDiff threw or rejected. */
  totalProcessingErrors: number;
  /** Processings that covered marks a failed processing had covered before. */
  totalRetries: number;
  /** Users a sweep or forced batch had listed but found already processed by someone else. */
  totalDuplicateProcessingsAvoided: number;
  /** Sweeper ticks that found a sweep still running; that sweep then runs one more round. */
  totalSweepsSkipped: number;
  /** Processings started and not yet ended. */
  currentInFlight: number;
  maxDirtyUsers: number;
  maxActiveTimers: number;
}

export function createBatcherStats(): BatcherStats {
  return {
    totalUsersMarkedDirty: 0,
    totalUsersProcessed: 0,
    totalDebounceTimersFired: 0,
    totalSweeperRuns: 0,
    currentDirtyUsers: 0,
    currentActiveTimers: 0,
    totalBatchesProcessed: 0,
    totalProcessingErrors: 0,
    totalRetries: 0,
    totalDuplicateProcessingsAvoided: 0,
    totalSweepsSkipped: 0,
    currentInFlight: 0,
    maxDirtyUsers: 0,
    maxActiveTimers: 0,
  };
}
