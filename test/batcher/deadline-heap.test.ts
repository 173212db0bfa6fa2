import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeadlineHeap } from '../../src/batcher/deadline-heap.js';

describe('DeadlineHeap', () => {
  it('pops deadlines in order, ties in insertion order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (dues) => {
        const heap = new DeadlineHeap();
        dues.forEach((due, slot) => heap.push(due, slot));
        const popped: [number, number][] = [];
        while (heap.size > 0) {
          popped.push([heap.peekDueMs(), heap.peekSlot()]);
          heap.pop();
        }
        const expected = dues.map((due, slot) => [due, slot] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(popped).toEqual(expected);
        expect(heap.peekDueMs()).toBe(Number.POSITIVE_INFINITY);
      }),
    );
  });

  it('interleaves pushes and pops', () => {
    const heap = new DeadlineHeap();
    heap.push(30, 1);
    heap.push(10, 2);
    expect([heap.peekDueMs(), heap.peekSlot()]).toEqual([10, 2]);
    heap.pop();
    heap.push(20, 3);
    heap.push(5, 4);
    const order: number[] = [];
    while (heap.size > 0) {
      order.push(heap.peekSlot());
      heap.pop();
    }
    expect(order).toEqual([4, 3, 1]);
    heap.push(1, 9);
    heap.clear();
    expect(heap.size).toBe(0);
  });
});
