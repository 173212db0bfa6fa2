/**
 * A uniform grid of points: O(1) insert, remove and move (swap-remove with the slot kept on the
 * item), and a box query that takes whole cells without testing when they lie inside the box.
 */
import type { Viewport } from '../../batcher/ports.js';
import { GridGeometry } from './grid-geometry.js';
import type { Box, PointIndex } from './spatial-index.js';

/** What the grid keeps on each item: where it sits, so removal needs no search. */
export interface GridPoint extends Box {
  gridCell: number;
  gridSlot: number;
}

export class PointGrid<T extends GridPoint> implements PointIndex<T> {
  private cells: (T[] | undefined)[];
  private count = 0;

  constructor(readonly geometry: GridGeometry) {
    this.cells = new Array<T[] | undefined>(geometry.cellCount);
  }

  get size(): number {
    return this.count;
  }

  insert(item: T): void {
    const cell = this.geometry.row(item.minY) * this.geometry.cols + this.geometry.col(item.minX);
    let items = this.cells[cell];
    if (items === undefined) {
      items = [];
      this.cells[cell] = items;
    }
    item.gridCell = cell;
    item.gridSlot = items.length;
    items.push(item);
    this.count++;
  }

  load(items: readonly T[]): void {
    for (const item of items) this.insert(item);
  }

  remove(item: T): void {
    const items = this.cells[item.gridCell];
    if (items === undefined || items[item.gridSlot] !== item) {
      throw new Error('PointGrid.remove: the item is not in this grid (removed twice, or moved without move())');
    }
    const last = items.pop() as T;
    if (last !== item) {
      items[item.gridSlot] = last;
      last.gridSlot = item.gridSlot;
    }
    item.gridCell = -1;
    item.gridSlot = -1;
    this.count--;
  }

  move(item: T, x: number, y: number): void {
    const cell = this.geometry.row(y) * this.geometry.cols + this.geometry.col(x);
    if (cell !== item.gridCell) {
      this.remove(item);
      item.minX = item.maxX = x;
      item.minY = item.maxY = y;
      this.insert(item);
    } else {
      item.minX = item.maxX = x;
      item.minY = item.maxY = y;
    }
  }

  search(box: Viewport, out: T[]): void {
    const g = this.geometry;
    const c0 = g.col(box.minX);
    const c1 = g.col(box.maxX);
    const r0 = g.row(box.minY);
    const r1 = g.row(box.maxY);
    const { minX, minY, maxX, maxY } = box;
    for (let r = r0; r <= r1; r++) {
      const rowBase = r * g.cols;
      for (let c = c0; c <= c1; c++) {
        const items = this.cells[rowBase + c];
        if (items === undefined || items.length === 0) continue;
        if (g.cellInside(c, r, box)) {
          for (let i = 0; i < items.length; i++) out.push(items[i]!);
        } else {
          for (let i = 0; i < items.length; i++) {
            const item = items[i]!;
            if (item.minX >= minX && item.minX <= maxX && item.minY >= minY && item.minY <= maxY) out.push(item);
          }
        }
      }
    }
  }

  clear(): void {
    for (const items of this.cells) {
      if (items !== undefined) for (const item of items) item.gridCell = item.gridSlot = -1;
    }
    this.cells = new Array<T[] | undefined>(this.geometry.cellCount);
    this.count = 0;
  }
}
