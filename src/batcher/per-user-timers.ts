/**
 * The design note's literal form: a clock timer per user, cancelled and created again on every mark.
 * Exact to the clock's resolution and simple, but each reset costs a timer cancel and create (several
 * microseconds on Node's timers, a callback and a microtask drain per firing on a virtual clock).
 * Kept selectable (timerMode 'per-user') as the baseline the timing wheel is measured against.
 */
import type { Clock, TimerHandle } from '../clock/clock.js';
import type { DeadlineCallback, DeadlineSchedule } from './deadline-schedule.js';

export class PerUserTimers implements DeadlineSchedule {
  private timers: (TimerHandle | undefined)[] = [];
  private armed = 0;
  private maxArmed = 0;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: DeadlineCallback,
    capacity: number,
  ) {
    this.ensureCapacity(capacity);
  }

  get armedCount(): number {
    return this.armed;
  }

  get maxArmedCount(): number {
    return this.maxArmed;
  }

  ensureCapacity(capacity: number): void {
    // Filled, not sparse, so the array keeps a fast element kind.
    while (this.timers.length < capacity) this.timers.push(undefined);
  }

  isArmed(slot: number): boolean {
    return this.timers[slot] !== undefined;
  }

  arm(slot: number, dueMs: number): void {
    const previous = this.timers[slot];
    if (previous === undefined) {
      if (++this.armed > this.maxArmed) this.maxArmed = this.armed;
    } else {
      this.clock.clearTimeout(previous);
    }
    this.timers[slot] = this.clock.setTimeout(() => this.fire(slot), Math.max(0, dueMs - this.clock.now()));
  }

  disarm(slot: number): void {
    const timer = this.timers[slot];
    if (timer === undefined) return;
    this.clock.clearTimeout(timer);
    this.timers[slot] = undefined;
    this.armed--;
  }

  clear(): void {
    for (let slot = 0; slot < this.timers.length; slot++) this.disarm(slot);
  }

  private fire(slot: number): void {
    if (this.timers[slot] === undefined) return;
    this.timers[slot] = undefined;
    this.armed--;
    this.onDue(slot);
  }
}
