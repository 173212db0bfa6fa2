/**
 * A uniform grid of boxes (viewports): each box is listed in every cell it overlaps, so a point query
 * reads one cell. Boxes too big for the grid (a zoomed-out map) go to a short list every query scans,
 * so one huge viewport cannot fill thousands of cells.
 */
import type { Viewport } from '../../batcher/ports.js';
import { GridGeometry } from './grid-geometry.js';
import type { Box, BoxIndex } from './spatial-index.js';

/** What the grid keeps on each item: the cell range it covers and its slot in each of those cells. */
export interface GridBox extends Box {
  gridCol0: number;
  gridRow0: number;
  gridCol1: number;
  gridRow1: number;
  /** Slot in each covered cell, row-major over the range; for an oversized box, its slot in that list. */
  gridSlots: number[] | null;
}

const OVERSIZED = -2;
const MAX_CELLS_PER_BOX = 256;

export class BoxGrid<T extends GridBox> implements BoxIndex<T> {
  private cells: (T[] | undefined)[];
  private oversized: T[] = [];
  private count = 0;

  constructor(readonly geometry: GridGeometry) {
    this.cells = new Array<T[] | undefined>(geometry.cellCount);
  }

  get size(): number {
    return this.count;
  }

  insert(item: T): void {
    const g = this.geometry;
    const c0 = g.col(item.minX);
    const c1 = g.col(item.maxX);
    const r0 = g.row(item.minY);
    const r1 = g.row(item.maxY);
    const width = c1 - c0 + 1;
    const covered = width * (r1 - r0 + 1);
    if (covered > MAX_CELLS_PER_BOX) {
      item.gridCol0 = OVERSIZED;
      item.gridSlots = [this.oversized.length];
      this.oversized.push(item);
      this.count++;
      return;
    }
    item.gridCol0 = c0;
    item.gridCol1 = c1;
    item.gridRow0 = r0;
    item.gridRow1 = r1;
    const slots = item.gridSlots !== null && item.gridSlots.length === covered ? item.gridSlots : new Array<number>(covered);
    let k = 0;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * g.cols + c;
        let items = this.cells[cell];
        if (items === undefined) {
          items = [];
          this.cells[cell] = items;
        }
        slots[k++] = items.length;
        items.push(item);
      }
    }
    item.gridSlots = slots;
    this.count++;
  }

  remove(item: T): void {
    const slots = item.gridSlots;
    if (slots === null || item.gridCol0 === -1) throw new Error('BoxGrid.remove: the item is not in this grid');
    if (item.gridCol0 === OVERSIZED) {
      const slot = slots[0]!;
      const last = this.oversized.pop() as T;
      if (last !== item) {
        this.oversized[slot] = last;
        (last.gridSlots as number[])[0] = slot;
      }
    } else {
      const g = this.geometry;
      let k = 0;
      for (let r = item.gridRow0; r <= item.gridRow1; r++) {
        for (let c = item.gridCol0; c <= item.gridCol1; c++) {
          const items = this.cells[r * g.cols + c] as T[];
          const slot = slots[k++]!;
          const last = items.pop() as T;
          if (last !== item) {
            items[slot] = last;
            // The moved item's slot for this cell sits at this cell's place in its own range.
            const lastWidth = last.gridCol1 - last.gridCol0 + 1;
            (last.gridSlots as number[])[(r - last.gridRow0) * lastWidth + (c - last.gridCol0)] = slot;
          }
        }
      }
    }
    // Keep the slot array for reuse by the next insert of this item (a viewport moves constantly).
    item.gridCol0 = -1;
    this.count--;
  }

  update(item: T, box: Viewport): void {
    const g = this.geometry;
    const sameCells =
      item.gridCol0 !== OVERSIZED &&
      item.gridCol0 === g.col(box.minX) &&
      item.gridCol1 === g.col(box.maxX) &&
      item.gridRow0 === g.row(box.minY) &&
      item.gridRow1 === g.row(box.maxY);
    if (!sameCells) this.remove(item);
    item.minX = box.minX;
    item.minY = box.minY;
    item.maxX = box.maxX;
    item.maxY = box.maxY;
    if (!sameCells) this.insert(item);
  }

  searchPoint(x: number, y: number, visit: (item: T) => void): void {
    const items = this.cells[this.geometry.row(y) * this.geometry.cols + this.geometry.col(x)];
    if (items !== undefined) {
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        if (x >= item.minX && x <= item.maxX && y >= item.minY && y <= item.maxY) visit(item);
      }
    }
    for (let i = 0; i < this.oversized.length; i++) {
      const item = this.oversized[i]!;
      if (x >= item.minX && x <= item.maxX && y >= item.minY && y <= item.maxY) visit(item);
    }
  }

  clear(): void {
    for (const items of this.cells) if (items !== undefined) for (const item of items) item.gridCol0 = -1;
    this.cells = new Array<T[] | undefined>(this.geometry.cellCount);
    for (const item of this.oversized) item.gridCol0 = -1;
    this.oversized = [];
    this.count = 0;
  }
}
