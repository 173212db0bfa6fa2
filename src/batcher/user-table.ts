/**
 * Every user the batcher knows, as a slot number into one record array, plus the dirty users in the
 * order they became dirty.
 *
 * Why this shape: at 100,000 users marking at random, a mark costs cache misses, not instructions.
 * Each level of pointer chasing between the caller's user id and the user's state is a miss of its
 * own, so the table keeps the chain short:
 * - an open-addressing index from user id to slot (hash, key and slot sit in flat arrays at the same
 *   cell: one level, where a Map needs a bucket and then an entry);
 * - one 64-byte record per slot in a typed array holding all of a user's state, its deadlines
 *   included, so a mark or a processing touches one cache line (an object, or a cell in several
 *   parallel arrays, costs a miss per field).
 * It is also a hundred-odd bytes per user instead of hundreds, and nothing for the garbage collector
 * to trace. Slots of removed users are reused.
 *
 * Why a log for the dirty users: a Set would cost a hash lookup (another miss) on every change. The
 * log is appended to when a user becomes dirty and read in order by sweeps; an entry whose user was
 * processed or removed since is stale and skipped, and the log is compacted when it fills up.
 */
import type { DeadlineCells } from './deadline-schedule.js';

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
/** Record layout: 8 float64 cells = 16 int32 cells = 64 bytes, one cache line per slot. */
const F64_PER_SLOT = 8;
const I32_PER_SLOT = 16;
const FIRST_MARK = 0; // float64: timestamp of the oldest pending mark
const LAST_MARK = 1; // float64: timestamp of the newest pending mark
/** float64 cell where the timing wheel keeps a slot's deadline (Infinity: none). */
export const DEBOUNCE_DEADLINE = 2;
// float64 cells of lodash's max-wait state (see max-wait.ts), used by debounce-maxwait only:
const MAX_WAIT_FIRST_CHECK = 3; // when lodash's timer first checks; NaN when it has no timer
const MAX_WAIT_LAST_INVOKE = 6; // lodash's last invoke (or burst start)
const LAST_MARK_CLOCK = 7; // clock time of the user's last mark (not its timestamp option)
const MARK_COUNT = 8; // int32: pending marks
const FLAGS = 9; // int32: the bits above
const REASONS = 10; // int32: a ReasonSet (see reason-set.ts)
const LOG_POSITION = 11; // int32: where the user's live entry sits in the dirty log

const EMPTY = 0;
const TOMBSTONE = -1;

/** FNV-1a over the UTF-16 code units, then a final mix so that the low bits (the cell) vary. */
function hashOf(userId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  return hash ^ (hash >>> 13);
}

export class UserTable {
  /** The user id of each slot; undefined for a free slot. */
  readonly ids: (string | undefined)[] = [];
  private f64: Float64Array;
  private i32: Int32Array;
  private readonly freeSlots: number[] = [];
  private slotsUsed = 0;
  private users = 0;

  /** The index: slot + 1 (or EMPTY, TOMBSTONE), the key's hash and the key, per cell. */
  private indexSlot: Int32Array;
  private indexHash: Int32Array;
  private indexKey: (string | undefined)[];
  private indexMask: number;
  /** Cells not EMPTY (live and tombstones): the probe chains' load. */
  private indexFilled = 0;

  private log = new Int32Array(INITIAL_CAPACITY);
  private logLength = 0;
  private dirtyUsers = 0;

  /** Called with the new capacity whenever the records grow, so per-slot state elsewhere can follow. */
  constructor(private readonly onGrow: (capacity: number) => void = () => undefined) {
    const buffer = new ArrayBuffer(INITIAL_CAPACITY * F64_PER_SLOT * 8);
    this.f64 = new Float64Array(buffer);
    this.i32 = new Int32Array(buffer);
    const cells = INITIAL_CAPACITY * 2;
    this.indexSlot = new Int32Array(cells);
    this.indexHash = new Int32Array(cells);
    this.indexKey = new Array<string | undefined>(cells).fill(undefined);
    this.indexMask = cells - 1;
  }

  get capacity(): number {
    return this.f64.length / F64_PER_SLOT;
  }

  /** Users currently holding a slot. */
  get size(): number {
    return this.users;
  }

  get dirtyCount(): number {
    return this.dirtyUsers;
  }

  slotOf(userId: string): number | undefined {
    const hash = hashOf(userId);
    const mask = this.indexMask;
    for (let cell = hash & mask; ; cell = (cell + 1) & mask) {
      const entry = this.indexSlot[cell]!;
      if (entry === EMPTY) return undefined;
      if (entry > 0 && this.indexHash[cell] === hash && this.indexKey[cell] === userId) return entry - 1;
    }
  }

  /** The user's slot, creating it (idle, no deadline) on first sight. */
  acquire(userId: string): number {
    const hash = hashOf(userId);
    const mask = this.indexMask;
    let reusable = -1;
    let cell = hash & mask;
    for (; ; cell = (cell + 1) & mask) {
      const entry = this.indexSlot[cell]!;
      if (entry === EMPTY) break;
      if (entry === TOMBSTONE) {
        if (reusable < 0) reusable = cell;
      } else if (this.indexHash[cell] === hash && this.indexKey[cell] === userId) {
        return entry - 1;
      }
    }
    const slot = this.newSlot(userId);
    if (reusable >= 0) {
      cell = reusable;
    } else {
      this.indexFilled++;
    }
    this.indexSlot[cell] = slot + 1;
    this.indexHash[cell] = hash;
    this.indexKey[cell] = userId;
    this.users++;
    if (this.indexFilled * 2 > this.indexSlot.length) this.rebuildIndex();
    return slot;
  }

  /** Forgets the user of the slot. Its dirty entry, if any, must be cleared first. */
  release(slot: number): void {
    const userId = this.ids[slot];
    if (userId === undefined) return;
    const hash = hashOf(userId);
    const mask = this.indexMask;
    for (let cell = hash & mask; ; cell = (cell + 1) & mask) {
      const entry = this.indexSlot[cell]!;
      if (entry === EMPTY) break;
      if (entry === slot + 1) {
        this.indexSlot[cell] = TOMBSTONE;
        this.indexKey[cell] = undefined;
        break;
      }
    }
    this.users--;
    this.ids[slot] = undefined;
    this.i32.fill(0, slot * I32_PER_SLOT, (slot + 1) * I32_PER_SLOT);
    this.freeSlots.push(slot);
  }

  flags(slot: number): number {
    return this.i32[slot * I32_PER_SLOT + FLAGS]!;
  }

  setFlags(slot: number, flags: number): void {
    this.i32[slot * I32_PER_SLOT + FLAGS] = flags;
  }

  firstMarkAtMs(slot: number): number {
    return this.f64[slot * F64_PER_SLOT + FIRST_MARK]!;
  }

  lastMarkAtMs(slot: number): number {
    return this.f64[slot * F64_PER_SLOT + LAST_MARK]!;
  }

  markCount(slot: number): number {
    return this.i32[slot * I32_PER_SLOT + MARK_COUNT]!;
  }

  reasons(slot: number): number {
    return this.i32[slot * I32_PER_SLOT + REASONS]!;
  }

  /** Replaces the pending marks' summary. */
  setPending(slot: number, firstMarkAtMs: number, lastMarkAtMs: number, markCount: number, reasons: number): void {
    const f = slot * F64_PER_SLOT;
    this.f64[f + FIRST_MARK] = firstMarkAtMs;
    this.f64[f + LAST_MARK] = lastMarkAtMs;
    const i = slot * I32_PER_SLOT;
    this.i32[i + MARK_COUNT] = markCount;
    this.i32[i + REASONS] = reasons;
  }

  /** Folds one more mark into the pending marks' summary. */
  addPending(slot: number, timestampMs: number, reasons: number): void {
    const f = slot * F64_PER_SLOT;
    if (timestampMs < this.f64[f + FIRST_MARK]!) this.f64[f + FIRST_MARK] = timestampMs;
    if (timestampMs > this.f64[f + LAST_MARK]!) this.f64[f + LAST_MARK] = timestampMs;
    const i = slot * I32_PER_SLOT;
    this.i32[i + MARK_COUNT]!++;
    this.i32[i + REASONS] = reasons;
  }

  /** Sets DIRTY (with the other flags given) and appends the user to the dirty log. */
  becomeDirty(slot: number, otherFlags: number): void {
    const i = slot * I32_PER_SLOT;
    this.i32[i + FLAGS] = otherFlags | DIRTY;
    if (this.logLength === this.log.length) this.makeLogRoom();
    this.i32[i + LOG_POSITION] = this.logLength;
    this.log[this.logLength++] = slot;
    this.dirtyUsers++;
  }

  /** Clears DIRTY (keeping the other flags given); the user's log entry turns stale. */
  becomeClean(slot: number, otherFlags: number): void {
    this.i32[slot * I32_PER_SLOT + FLAGS] = otherFlags & ~DIRTY;
    this.dirtyUsers--;
  }

  /** The dirty users, in the order they became dirty. */
  dirtySlots(): number[] {
    const slots: number[] = [];
    for (let position = 0; position < this.logLength; position++) {
      const slot = this.log[position]!;
      if (this.isLiveEntry(slot, position)) slots.push(slot);
    }
    return slots;
  }

  /** lodash's last invoke time for this user (see max-wait.ts); -Infinity at first. */
  maxWaitLastInvokeMs(slot: number): number {
    return this.f64[slot * F64_PER_SLOT + MAX_WAIT_LAST_INVOKE]!;
  }

  setMaxWaitLastInvokeMs(slot: number, atMs: number): void {
    this.f64[slot * F64_PER_SLOT + MAX_WAIT_LAST_INVOKE] = atMs;
  }

  /** When lodash's timer for this user first checks (see max-wait.ts); NaN when it has none. */
  maxWaitFirstCheckMs(slot: number): number {
    return this.f64[slot * F64_PER_SLOT + MAX_WAIT_FIRST_CHECK]!;
  }

  setMaxWaitFirstCheckMs(slot: number, atMs: number): void {
    this.f64[slot * F64_PER_SLOT + MAX_WAIT_FIRST_CHECK] = atMs;
  }

  /** Clock time of the user's last mark (not its timestamp option); -Infinity before the first. */
  lastMarkClockMs(slot: number): number {
    return this.f64[slot * F64_PER_SLOT + LAST_MARK_CLOCK]!;
  }

  setLastMarkClockMs(slot: number, atMs: number): void {
    this.f64[slot * F64_PER_SLOT + LAST_MARK_CLOCK] = atMs;
  }

  /** The deadline cells of every slot, for a timing wheel. */
  deadlineCells(cell: typeof DEBOUNCE_DEADLINE): DeadlineCells {
    return new RecordDeadlineCells(this, cell);
  }

  dueAt(slot: number, cell: number): number {
    return this.f64[slot * F64_PER_SLOT + cell]!;
  }

  setDueAt(slot: number, cell: number, dueMs: number): void {
    this.f64[slot * F64_PER_SLOT + cell] = dueMs;
  }

  clearDeadlines(cell: number): void {
    for (let slot = 0; slot < this.slotsUsed; slot++) this.f64[slot * F64_PER_SLOT + cell] = Number.POSITIVE_INFINITY;
  }

  private newSlot(userId: string): number {
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.slotsUsed++;
      if (slot >= this.capacity) this.grow(this.capacity * 2);
      this.ids.push(userId);
    } else {
      this.ids[slot] = userId;
    }
    const f = slot * F64_PER_SLOT;
    this.f64[f + DEBOUNCE_DEADLINE] = Number.POSITIVE_INFINITY;
    this.f64[f + MAX_WAIT_FIRST_CHECK] = Number.NaN;
    this.f64[f + MAX_WAIT_LAST_INVOKE] = Number.NEGATIVE_INFINITY;
    this.f64[f + LAST_MARK_CLOCK] = Number.NEGATIVE_INFINITY;
    return slot;
  }

  private isLiveEntry(slot: number, position: number): boolean {
    const i = slot * I32_PER_SLOT;
    return (this.i32[i + FLAGS]! & DIRTY) !== 0 && this.i32[i + LOG_POSITION] === position;
  }

  /** Called when the log is full: drop stale entries, and double it if most entries are live. */
  private makeLogRoom(): void {
    let kept = 0;
    for (let position = 0; position < this.logLength; position++) {
      const slot = this.log[position]!;
      if (!this.isLiveEntry(slot, position)) continue;
      this.log[kept] = slot;
      this.i32[slot * I32_PER_SLOT + LOG_POSITION] = kept;
      kept++;
    }
    this.logLength = kept;
    // Keep the log at least four times the live entries, so a compaction pays for many appends.
    if (kept * 4 > this.log.length) {
      const grown = new Int32Array(this.log.length * 2);
      grown.set(this.log.subarray(0, kept));
      this.log = grown;
    }
  }

  private grow(capacity: number): void {
    const buffer = new ArrayBuffer(capacity * F64_PER_SLOT * 8);
    const f64 = new Float64Array(buffer);
    f64.set(this.f64);
    this.f64 = f64;
    this.i32 = new Int32Array(buffer);
    this.onGrow(capacity);
  }

  /** Rebuilds the index without tombstones, with at least three cells per live user (a power of two). */
  private rebuildIndex(): void {
    const oldSlot = this.indexSlot;
    const oldHash = this.indexHash;
    const oldKey = this.indexKey;
    let cells = this.indexSlot.length;
    while (this.users * 3 > cells) cells *= 2;
    this.indexSlot = new Int32Array(cells);
    this.indexHash = new Int32Array(cells);
    this.indexKey = new Array<string | undefined>(cells).fill(undefined);
    this.indexMask = cells - 1;
    this.indexFilled = 0;
    for (let old = 0; old < oldSlot.length; old++) {
      const entry = oldSlot[old]!;
      if (entry <= 0) continue;
      const hash = oldHash[old]!;
      let cell = hash & this.indexMask;
      while (this.indexSlot[cell] !== EMPTY) cell = (cell + 1) & this.indexMask;
      this.indexSlot[cell] = entry;
      this.indexHash[cell] = hash;
      this.indexKey[cell] = oldKey[old];
      this.indexFilled++;
    }
  }
}

class RecordDeadlineCells implements DeadlineCells {
  constructor(
    private readonly table: UserTable,
    private readonly cell: number,
  ) {}

  dueOf(slot: number): number {
    return this.table.dueAt(slot, this.cell);
  }

  setDue(slot: number, dueMs: number): void {
    this.table.setDueAt(slot, this.cell, dueMs);
  }

  clearAll(): void {
    this.table.clearDeadlines(this.cell);
  }
}
