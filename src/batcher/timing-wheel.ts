/**
 * The fast form of per-user deadlines: one clock timer for every user.
 *
 * Why it works: a debounce (or retry, or max-wait) deadline is `now + a constant`, and time never
 * goes back, so deadlines are armed in non-decreasing order. A FIFO of (deadline, slot) entries is
 * then already sorted: arming appends, and the clock timer only ever waits for the head. Each slot
 * keeps only its current deadline; re-arming a slot appends a new entry and leaves the old one
 * behind, and an entry whose deadline is no longer its slot's current one is stale and skipped when
 * reached. A debounce reset thus costs an array append instead of a clock timer cancel and create.
 *
 * A deadline armed before the last one queued (a lodash-style max wait can be) goes to a small
 * binary heap instead, and firing takes from whichever of the two is due first.
 *
 * Resolution: deadlines are rounded up to whole milliseconds, so every user due in the same
 * millisecond is handled by one clock callback (Node's timers have 1 ms resolution anyway). A
 * deadline fires at the end of its millisecond, never early: if the clock's timer fires early (Node
 * truncates fractional delays), the wheel re-arms for what is left.
 *
 * Bursts: when very many users fall due at once (an event storm, a restart), the wheel starts at
 * most `duePerTurn` of them per event-loop turn and continues in the next turn (setImmediate, so
 * still before any later timer). Each turn's promise chains settle before the next turn starts, as
 * they would between separate timers, so a million due users never have their first steps all in
 * memory at once, and I/O gets a turn in between.
 */
import type { Clock, TimerHandle } from '../clock/clock.js';
import { DeadlineHeap } from './deadline-heap.js';
import type { DeadlineCallback, DeadlineCells, DeadlineSchedule } from './deadline-schedule.js';

const NOT_ARMED = Number.POSITIVE_INFINITY;
const INITIAL_ENTRIES = 1024;
export const DEFAULT_DUE_PER_TURN = 1024;

export class TimingWheel implements DeadlineSchedule {
  /** The FIFO, as two parallel arrays used from `head` to `tail`. */
  private entryDueMs = new Float64Array(INITIAL_ENTRIES);
  private entrySlot = new Int32Array(INITIAL_ENTRIES);
  private head = 0;
  private tail = 0;
  private readonly outOfOrder = new DeadlineHeap();
  private armed = 0;
  private maxArmed = 0;
  /** The one clock callback the wheel has scheduled: a timer for the head, or a burst's next turn. */
  private timer: TimerHandle | null = null;
  private timerIsImmediate = false;
  /** When the timer fires; -Infinity while a burst continues (no timer may be armed meanwhile). */
  private timerDueMs = NOT_ARMED;
  private readonly fire = (): void => this.fireDue();

  /** `dueBySlot` holds the current deadline (whole ms) of each slot; NOT_ARMED when none. */
  constructor(
    private readonly clock: Clock,
    private readonly onDue: DeadlineCallback,
    private readonly dueBySlot: DeadlineCells,
    private readonly duePerTurn: number = DEFAULT_DUE_PER_TURN,
  ) {}

  get armedCount(): number {
    return this.armed;
  }

  get maxArmedCount(): number {
    return this.maxArmed;
  }

  /** FIFO entries, stale ones included: what the wheel holds in memory. */
  get queuedEntries(): number {
    return this.tail - this.head + this.outOfOrder.size;
  }

  /** The deadline cells grow with the user records; nothing to do here. */
  ensureCapacity(): void {}

  isArmed(slot: number): boolean {
    return this.dueBySlot.dueOf(slot) !== NOT_ARMED;
  }

  arm(slot: number, dueMs: number): void {
    const bucketMs = Math.ceil(dueMs);
    const current = this.dueBySlot.dueOf(slot);
    // Re-marked within the same millisecond: the entry already queued still holds.
    if (current === bucketMs) return;
    if (current === NOT_ARMED && ++this.armed > this.maxArmed) this.maxArmed = this.armed;
    this.dueBySlot.setDue(slot, bucketMs);
    this.append(bucketMs, slot);
    if (bucketMs < this.timerDueMs) this.armTimerFor(bucketMs);
  }

  disarm(slot: number): void {
    if (this.dueBySlot.dueOf(slot) === NOT_ARMED) return;
    // The slot's FIFO entry stays and is skipped as stale when reached.
    this.dueBySlot.setDue(slot, NOT_ARMED);
    this.armed--;
    // Nothing armed: drop the stale entries and the clock timer, so an idle batcher holds no timer.
    if (this.armed === 0) this.dropAll();
  }

  clear(): void {
    this.dueBySlot.clearAll();
    this.armed = 0;
    this.dropAll();
  }

  private dropAll(): void {
    this.head = 0;
    this.tail = 0;
    this.outOfOrder.clear();
    this.cancelTimer();
  }

  private fireDue(): void {
    this.timer = null;
    this.timerIsImmediate = false;
    this.timerDueMs = NOT_ARMED;
    const now = this.clock.now();
    const heap = this.outOfOrder;
    let started = 0;
    for (;;) {
      let dueMs: number;
      let slot: number;
      // The FIFO head or the heap top, whichever is earlier (the FIFO on a tie: it was armed first).
      const fifoDueMs = this.head < this.tail ? this.entryDueMs[this.head]! : NOT_ARMED;
      const fromHeap = heap.size > 0 && heap.peekDueMs() < fifoDueMs;
      dueMs = fromHeap ? heap.peekDueMs() : fifoDueMs;
      if (dueMs > now) break;
      if (started === this.duePerTurn) {
        this.continueNextTurn();
        return;
      }
      if (fromHeap) {
        slot = heap.peekSlot();
        heap.pop();
      } else {
        slot = this.entrySlot[this.head]!;
        this.head++;
      }
      if (this.dueBySlot.dueOf(slot) !== dueMs) continue;
      this.dueBySlot.setDue(slot, NOT_ARMED);
      this.armed--;
      started++;
      // Starts the user's processing without waiting for it, as a timer of its own would.
      this.onDue(slot);
    }
    this.armHead();
  }

  private continueNextTurn(): void {
    this.cancelTimer();
    this.timer = this.clock.setImmediate(this.fire);
    this.timerIsImmediate = true;
    this.timerDueMs = Number.NEGATIVE_INFINITY;
  }

  /** Drops stale entries at the head, then waits for the first live one. */
  private armHead(): void {
    while (this.head < this.tail && this.dueBySlot.dueOf(this.entrySlot[this.head]!) !== this.entryDueMs[this.head]) {
      this.head++;
    }
    const heap = this.outOfOrder;
    while (heap.size > 0 && this.dueBySlot.dueOf(heap.peekSlot()) !== heap.peekDueMs()) heap.pop();
    if (this.head === this.tail) {
      this.head = 0;
      this.tail = 0;
      if (heap.size === 0) {
        this.cancelTimer();
        return;
      }
    }
    const dueMs = Math.min(this.head < this.tail ? this.entryDueMs[this.head]! : NOT_ARMED, heap.peekDueMs());
    if (this.timer !== null && this.timerDueMs === dueMs) return;
    this.armTimerFor(dueMs);
  }

  private armTimerFor(dueMs: number): void {
    this.cancelTimer();
    this.timerDueMs = dueMs;
    this.timer = this.clock.setTimeout(this.fire, Math.max(0, dueMs - this.clock.now()));
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    if (this.timerIsImmediate) this.clock.clearImmediate(this.timer);
    else this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.timerIsImmediate = false;
    this.timerDueMs = NOT_ARMED;
  }

  private append(dueMs: number, slot: number): void {
    if (this.tail === this.entryDueMs.length) this.makeRoom();
    if (this.tail > this.head && this.entryDueMs[this.tail - 1]! > dueMs) {
      this.outOfOrder.push(dueMs, slot);
      return;
    }
    this.entryDueMs[this.tail] = dueMs;
    this.entrySlot[this.tail] = slot;
    this.tail++;
  }

  /** Called when the tail reaches the end: slide the live part to the front, or double. */
  private makeRoom(): void {
    const live = this.tail - this.head;
    const size = this.entryDueMs.length;
    if (live <= size / 2) {
      this.entryDueMs.copyWithin(0, this.head, this.tail);
      this.entrySlot.copyWithin(0, this.head, this.tail);
    } else {
      const dues = new Float64Array(size * 2);
      const slots = new Int32Array(size * 2);
      dues.set(this.entryDueMs.subarray(this.head, this.tail));
      slots.set(this.entrySlot.subarray(this.head, this.tail));
      this.entryDueMs = dues;
      this.entrySlot = slots;
    }
    this.head = 0;
    this.tail = live;
  }
}
