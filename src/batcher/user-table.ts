/**
 * Every user the batcher knows, as a slot number into parallel typed arrays. At a million users an
 * object per user (plus a Set entry, a Map entry and a timer) costs hundreds of bytes and keeps the
 * garbage collector busy; a few array cells per slot cost a few dozen bytes. Slots of removed users
 * are reused.
 */

/** Marked and not yet covered by a processing. */
export const DIRTY = 1;
/** A processing of this user has started and not ended. */
export const IN_FLIGHT = 2;
/** A deadline came due while the user was in flight: process it as soon as the flight ends. */
export const DUE = 4;
/** The pending marks include marks a failed processing covered: the next processing is a retry. */
export const FAILED = 8;
/** The armed debounce deadline is a retry delay, so its processing reports trigger 'retry'. */
export const RETRY_ARMED = 16;
/** removeUser ran during the flight: its outcome must not bring the removed marks back. */
export const REMOVED_IN_FLIGHT = 32;
/** With batching disabled: waiting in the ready queue for a free processing place. */
export const QUEUED = 64;

const INITIAL_CAPACITY = 1024;

export class UserTable {
  /** The user id of each slot; undefined for a free slot. */
  ids: (string | undefined)[] = [];
  flags = new Uint8Array(INITIAL_CAPACITY);
  /** Timestamp of the oldest pending mark (meaningful while DIRTY). */
  firstMarkAtMs = new Float64Array(INITIAL_CAPACITY);
  /** Timestamp of the newest pending mark (meaningful while DIRTY). */
  lastMarkAtMs = new Float64Array(INITIAL_CAPACITY);
  markCount = new Uint32Array(INITIAL_CAPACITY);
  /** A ReasonSet (see reason-set.ts). */
  reasons = new Uint16Array(INITIAL_CAPACITY);

  private readonly slotByUserId = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private slotsUsed = 0;

  /** Called with the new capacity whenever the arrays grow, so per-slot state elsewhere can follow. */
  constructor(private readonly onGrow: (capacity: number) => void) {}

  get capacity(): number {
    return this.flags.length;
  }

  /** Users currently holding a slot. */
  get size(): number {
    return this.slotByUserId.size;
  }

  slotOf(userId: string): number | undefined {
    return this.slotByUserId.get(userId);
  }

  /** The user's slot, creating it (with all state zero) on first sight. */
  acquire(userId: string): number {
    const known = this.slotByUserId.get(userId);
    if (known !== undefined) return known;
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.slotsUsed++;
      if (slot >= this.capacity) this.grow(this.capacity * 2);
    }
    this.ids[slot] = userId;
    this.slotByUserId.set(userId, slot);
    return slot;
  }

  /** Forgets the user of the slot; the slot's state must already be idle. */
  release(slot: number): void {
    const userId = this.ids[slot];
    if (userId === undefined) return;
    this.slotByUserId.delete(userId);
    this.ids[slot] = undefined;
    this.flags[slot] = 0;
    this.markCount[slot] = 0;
    this.reasons[slot] = 0;
    this.freeSlots.push(slot);
  }

  private grow(capacity: number): void {
    this.flags = copyInto(new Uint8Array(capacity), this.flags);
    this.firstMarkAtMs = copyInto(new Float64Array(capacity), this.firstMarkAtMs);
    this.lastMarkAtMs = copyInto(new Float64Array(capacity), this.lastMarkAtMs);
    this.markCount = copyInto(new Uint32Array(capacity), this.markCount);
    this.reasons = copyInto(new Uint16Array(capacity), this.reasons);
    this.onGrow(capacity);
  }
}

function copyInto<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(target: T, source: T): T {
  target.set(source as ArrayLike<number>);
  return target;
}
