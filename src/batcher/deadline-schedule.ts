/**
 * Per-user deadlines (debounce windows, retry delays, max waits), each slot holding at most one.
 * Two forms share this contract: the timing wheel (one clock timer for every user, the fast form)
 * and per-user timers (a clock timer per user, the design's literal form, kept as the baseline).
 */

/** Called when a slot's deadline comes due; the deadline is already disarmed. */
export type DeadlineCallback = (slot: number) => void;

export interface DeadlineSchedule {
  /** Slots with an armed deadline. */
  readonly armedCount: number;
  /** The most slots armed at once so far. */
  readonly maxArmedCount: number;
  /** Makes room for slots 0 .. capacity-1. */
  ensureCapacity(capacity: number): void;
  /** Arms the slot's deadline at `dueMs` on the clock, replacing any it had. */
  arm(slot: number, dueMs: number): void;
  disarm(slot: number): void;
  isArmed(slot: number): boolean;
  /** Disarms every slot and leaves no timer on the clock. */
  clear(): void;
}

/**
 * Where a timing wheel keeps each slot's current deadline (Infinity: none). The batcher hands it cells
 * of its user records, so arming a deadline touches the cache line the mark touches anyway.
 */
export interface DeadlineCells {
  dueOf(slot: number): number;
  setDue(slot: number, dueMs: number): void;
  /** Every slot back to Infinity. */
  clearAll(): void;
}
