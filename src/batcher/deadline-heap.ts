/**
 * A binary min-heap of (deadline, slot) pairs in two flat arrays, ordered by deadline then by
 * insertion. The timing wheel keeps the deadlines that arrive out of order here (a lodash-style max
 * wait can fall before deadlines armed earlier), so they cost O(log n) instead of an insert into the
 * middle of its FIFO.
 */
export class DeadlineHeap {
  private dues = new Float64Array(64);
  private slots = new Int32Array(64);
  private seqs = new Float64Array(64);
  private count = 0;
  private nextSeq = 0;

  get size(): number {
    return this.count;
  }

  /** The earliest deadline, or Infinity when empty. */
  peekDueMs(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : this.dues[0]!;
  }

  /** The slot of the earliest deadline (only when not empty). */
  peekSlot(): number {
    return this.slots[0]!;
  }

  push(dueMs: number, slot: number): void {
    if (this.count === this.dues.length) this.grow();
    const seq = this.nextSeq++;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(dueMs, seq, parent)) break;
      this.move(parent, i);
      i = parent;
    }
    this.dues[i] = dueMs;
    this.slots[i] = slot;
    this.seqs[i] = seq;
  }

  pop(): void {
    if (this.count === 0) return;
    const last = --this.count;
    if (last === 0) return;
    const dueMs = this.dues[last]!;
    const slot = this.slots[last]!;
    const seq = this.seqs[last]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= last) break;
      const right = left + 1;
      const child = right < last && this.before(this.dues[right]!, this.seqs[right]!, left) ? right : left;
      // Stop when the entry being sifted down comes before the smaller child.
      if (this.before(dueMs, seq, child)) break;
      this.move(child, i);
      i = child;
    }
    this.dues[i] = dueMs;
    this.slots[i] = slot;
    this.seqs[i] = seq;
  }

  clear(): void {
    this.count = 0;
  }

  private before(dueMs: number, seq: number, index: number): boolean {
    const other = this.dues[index]!;
    return dueMs < other || (dueMs === other && seq < this.seqs[index]!);
  }

  private move(from: number, to: number): void {
    this.dues[to] = this.dues[from]!;
    this.slots[to] = this.slots[from]!;
    this.seqs[to] = this.seqs[from]!;
  }

  private grow(): void {
    const size = this.dues.length * 2;
    const dues = new Float64Array(size);
    const slots = new Int32Array(size);
    const seqs = new Float64Array(size);
    dues.set(this.dues);
    slots.set(this.slots);
    seqs.set(this.seqs);
    this.dues = dues;
    this.slots = slots;
    this.seqs = seqs;
  }
}
