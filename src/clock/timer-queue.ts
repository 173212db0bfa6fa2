/**
 * A binary min-heap of scheduled callbacks, ordered by due time, then immediates before timers, then
 * scheduling order. Cancellation is lazy (a flag), so a debounce reset costs O(1); the heap is
 * compacted when cancelled entries outnumber live ones.
 */
export const IMMEDIATE = 0;
export const TIMER = 1;

export class ScheduledCallback {
  cancelled = false;
  constructor(
    readonly id: number,
    readonly owner: object,
    public dueMs: number,
    readonly kind: typeof IMMEDIATE | typeof TIMER,
    public seq: number,
    readonly callback: () => unknown,
    readonly intervalMs: number | null,
  ) {}
}

function before(a: ScheduledCallback, b: ScheduledCallback): boolean {
  if (a.dueMs !== b.dueMs) return a.dueMs < b.dueMs;
  if (a.kind !== b.kind) return a.kind < b.kind;
  return a.seq < b.seq;
}

export class TimerQueue {
  private heap: ScheduledCallback[] = [];
  private cancelledInHeap = 0;

  get liveCount(): number {
    return this.heap.length - this.cancelledInHeap;
  }

  push(entry: ScheduledCallback): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  /** Marks an entry cancelled; it is dropped when it reaches the top or at the next compaction. */
  cancel(entry: ScheduledCallback): void {
    if (entry.cancelled) return;
    entry.cancelled = true;
    this.cancelledInHeap++;
    if (this.cancelledInHeap > 1024 && this.cancelledInHeap * 2 > this.heap.length) this.compact();
  }

  /** The next live entry without removing it. */
  peek(): ScheduledCallback | undefined {
    this.dropCancelledTop();
    return this.heap[0];
  }

  pop(): ScheduledCallback | undefined {
    this.dropCancelledTop();
    return this.removeTop();
  }

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) {
      this.removeTop();
      this.cancelledInHeap--;
    }
  }

  private removeTop(): ScheduledCallback | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(heap[right]!, heap[left]!)) child = right;
      if (!before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }

  private compact(): void {
    const live = this.heap.filter((e) => !e.cancelled);
    live.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    // A sorted array is a valid heap.
    this.heap = live;
    this.cancelledInHeap = 0;
  }
}
