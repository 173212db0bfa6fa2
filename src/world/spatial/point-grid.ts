/**
 * A uniform grid of points: O(1) insert, remove and move (swap-remove with the slot kept on the
 * item), and a box query that takes whole cells without testing when they lie inside the box.
 *
 * A query is bound by the memory it reads, so the grid keeps everything a query needs in a few flat
 * stores shared by all cells, each cell a contiguous range of them (cells laid out row by row): the
 * points' values, their positions (x, y) and their columns (key, info). A query over a viewport then
 * reads one run of memory per row of cells, and never the item objects, which lie scattered. Per-cell
 * arrays cost about two extra cache misses per array per cell, which was a third of a query's time.
 *
 * Each cell has room to grow; a cell that outgrows its range moves to the end of the stores with twice
 * the room, and when the ranges left behind add up to more than the live points the stores are rebuilt
 * in row order (compact()). Positions and columns are apart because a query reads positions only in
 * border cells and columns only for the points it keeps.
 */
import type { Viewport } from '../../batcher/ports.js';
import { GridGeometry } from './grid-geometry.js';
import type { PointColumns, PointIndex, PointItem, PointSearchResult } from './spatial-index.js';

/** What the grid keeps on each item: its cell, and its slot within the cell's range. */
export interface GridPoint<V extends PointColumns> extends PointItem<V> {
  gridCell: number;
  gridSlot: number;
}

/** Changes each cell remembers (where, and their generation), for unchangedInside(). */
const LOG = 4;

/** Room a cell gets beyond its points when the stores are laid out, and at least. */
const SLACK_SHARE = 0.25;
const MIN_ROOM = 4;

function roomFor(count: number): number {
  return Math.max(MIN_ROOM, count + Math.ceil(count * SLACK_SHARE));
}

export class PointGrid<T extends GridPoint<V>, V extends PointColumns> implements PointIndex<T, V> {
  /** Per cell: where its range starts in the stores, how many slots it has, how many are used. */
  private readonly cellStart: Int32Array;
  private readonly cellRoom: Int32Array;
  private readonly cellCount: Int32Array;
  /**
   * Per cell, the generation of its last change (insert, remove, move, new value): a search's stamp
   * is the largest over the cells it read, so it moves on exactly when one of them changed.
   */
  private readonly cellGeneration: Float64Array;
  private generation = 0;
  /**
   * Per cell, its last LOG changes as (x, y, generation), a ring; a move within the cell is two (from,
   * to) of one generation. logFloor is the newest generation that fell out of the ring: changes after
   * it are all still there.
   */
  private readonly changeLog: Float64Array;
  private readonly logNext: Uint8Array;
  private readonly logFloor: Float64Array;
  private items: (T | null)[] = [];
  private values: (V | null)[] = [];
  /** x, y per slot. */
  private positions = new Float64Array(0);
  /** key, info per slot. */
  private columns = new Float64Array(0);
  /** Slots handed out so far (ranges start below this). */
  private used = 0;
  /** Slots in ranges that cells left behind. */
  private abandoned = 0;
  private count = 0;
  /** Scratch for a query: the slots kept in one border cell (as long as the largest cell). */
  private kept = new Int32Array(64);

  constructor(readonly geometry: GridGeometry) {
    const cells = geometry.cellCount;
    this.cellStart = new Int32Array(cells);
    this.cellRoom = new Int32Array(cells);
    this.cellCount = new Int32Array(cells);
    this.cellGeneration = new Float64Array(cells);
    this.changeLog = new Float64Array(cells * LOG * 3);
    this.logNext = new Uint8Array(cells);
    this.logFloor = new Float64Array(cells);
  }

  get size(): number {
    return this.count;
  }

  insert(item: T): void {
    const cell = this.geometry.row(item.minY) * this.geometry.cols + this.geometry.col(item.minX);
    const slot = this.cellCount[cell]!;
    if (slot === this.cellRoom[cell]) this.relocate(cell, roomFor(2 * slot));
    const at = this.cellStart[cell]! + slot;
    item.gridCell = cell;
    item.gridSlot = slot;
    this.items[at] = item;
    this.values[at] = item.value;
    this.positions[2 * at] = item.minX;
    this.positions[2 * at + 1] = item.minY;
    this.columns[2 * at] = item.value.key;
    this.columns[2 * at + 1] = item.value.info;
    this.cellCount[cell] = slot + 1;
    this.changed(cell, item.minX, item.minY, ++this.generation);
    if (slot >= this.kept.length) this.kept = new Int32Array(2 * (slot + 1));
    this.count++;
  }

  load(items: readonly T[]): void {
    for (const item of items) this.insert(item);
    this.compact();
  }

  remove(item: T): void {
    const cell = item.gridCell;
    const slot = item.gridSlot;
    const start = cell >= 0 && cell < this.cellStart.length ? this.cellStart[cell]! : -1;
    if (start < 0 || slot < 0 || slot >= this.cellCount[cell]! || this.items[start + slot] !== item) {
      throw new Error('PointGrid.remove: the item is not in this grid (removed twice, or moved without move())');
    }
    const at = start + slot;
    const lastAt = start + this.cellCount[cell]! - 1;
    if (lastAt !== at) {
      const last = this.items[lastAt]!;
      this.items[at] = last;
      this.values[at] = this.values[lastAt]!;
      this.positions[2 * at] = this.positions[2 * lastAt]!;
      this.positions[2 * at + 1] = this.positions[2 * lastAt + 1]!;
      this.columns[2 * at] = this.columns[2 * lastAt]!;
      this.columns[2 * at + 1] = this.columns[2 * lastAt + 1]!;
      last.gridSlot = slot;
    }
    // Cleared so the stores hold no reference to what left.
    this.items[lastAt] = null;
    this.values[lastAt] = null;
    this.cellCount[cell] = lastAt - start;
    this.changed(cell, item.minX, item.minY, ++this.generation);
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
      return;
    }
    const at = this.cellStart[cell]! + item.gridSlot;
    if (this.items[at] !== item) throw new Error('PointGrid.move: the item is not in this grid');
    // Within its cell: one change, logged where the point was and where it is.
    const generation = ++this.generation;
    this.changed(cell, item.minX, item.minY, generation);
    item.minX = item.maxX = x;
    item.minY = item.maxY = y;
    this.changed(cell, x, y, generation);
    this.positions[2 * at] = x;
    this.positions[2 * at + 1] = y;
    this.values[at] = item.value;
    this.columns[2 * at] = item.value.key;
    this.columns[2 * at + 1] = item.value.info;
  }

  refresh(item: T): void {
    const cell = item.gridCell;
    if (cell < 0 || item.gridSlot >= this.cellCount[cell]!) return;
    const at = this.cellStart[cell]! + item.gridSlot;
    if (this.items[at] !== item) return;
    this.changed(cell, item.minX, item.minY, ++this.generation);
    this.values[at] = item.value;
    this.columns[2 * at] = item.value.key;
    this.columns[2 * at + 1] = item.value.info;
  }

  search(box: Viewport, out: PointSearchResult<V>): void {
    const g = this.geometry;
    const c0 = g.col(box.minX);
    const c1 = g.col(box.maxX);
    const r0 = g.row(box.minY);
    const r1 = g.row(box.maxY);
    const { minX, minY, maxX, maxY } = box;
    // Written by hand into the result's arrays: this loop runs for every event of every processing.
    const outValues = out.values;
    const outColumns = out.columns;
    const { cellStart, cellCount, cellGeneration, values, positions, columns, kept } = this;
    let count = out.count;
    let stamp = 0;
    for (let r = r0; r <= r1; r++) {
      const rowBase = r * g.cols;
      for (let c = c0; c <= c1; c++) {
        const generation = cellGeneration[rowBase + c]!;
        if (generation > stamp) stamp = generation;
        const n = cellCount[rowBase + c]!;
        if (n === 0) continue;
        const start = cellStart[rowBase + c]!;
        const end = start + n;
        if (g.cellInside(c, r, box)) {
          for (let at = start; at < end; at++) {
            outValues[count] = values[at]!;
            outColumns[2 * count] = columns[2 * at]!;
            outColumns[2 * count + 1] = columns[2 * at + 1]!;
            count++;
          }
          continue;
        }
        // A border cell: first the slots of the points in the box, then only those are copied.
        // Whether a point is in is random, so a branch on it would mispredict about half the time;
        // the first pass has none (it writes every slot and advances past the ones that are in).
        let k = 0;
        for (let at = start; at < end; at++) {
          const x = positions[2 * at]!;
          const y = positions[2 * at + 1]!;
          kept[k] = at;
          k += Number(x >= minX) & Number(x <= maxX) & Number(y >= minY) & Number(y <= maxY);
        }
        for (let j = 0; j < k; j++) {
          const at = kept[j]!;
          outValues[count] = values[at]!;
          outColumns[2 * count] = columns[2 * at]!;
          outColumns[2 * count + 1] = columns[2 * at + 1]!;
          count++;
        }
      }
    }
    out.count = count;
    out.stamp = stamp;
  }

  clear(): void {
    for (let cell = 0; cell < this.cellCount.length; cell++) {
      const start = this.cellStart[cell]!;
      for (let at = start; at < start + this.cellCount[cell]!; at++) {
        const item = this.items[at]!;
        item.gridCell = item.gridSlot = -1;
      }
    }
    this.cellStart.fill(0);
    this.cellRoom.fill(0);
    this.cellCount.fill(0);
    this.cellGeneration.fill(++this.generation);
    // Nothing before this is known any more.
    this.logFloor.fill(this.generation);
    this.items = [];
    this.values = [];
    this.positions = new Float64Array(0);
    this.columns = new Float64Array(0);
    this.used = 0;
    this.abandoned = 0;
    this.count = 0;
  }

  /**
   * Whether no point inside the closed box was added, removed, moved or given a new value after
   * generation `since` (a search's stamp): then the box holds the same values as it did then, whatever
   * changed elsewhere in its cells. False when the cells' logs do not reach back that far.
   */
  unchangedInside(box: Viewport, since: number): boolean {
    const g = this.geometry;
    const c0 = g.col(box.minX);
    const c1 = g.col(box.maxX);
    const r0 = g.row(box.minY);
    const r1 = g.row(box.maxY);
    const log = this.changeLog;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * g.cols + c;
        if (this.cellGeneration[cell]! <= since) continue;
        if (this.logFloor[cell]! > since) return false;
        for (let k = cell * LOG * 3, end = k + LOG * 3; k < end; k += 3) {
          if (log[k + 2]! <= since) continue;
          const x = log[k]!;
          const y = log[k + 1]!;
          if (x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY) return false;
        }
      }
    }
    return true;
  }

  /**
   * Lays the stores out again, cell after cell in row order, each with room to grow. Called when
   * abandoned ranges outweigh the live points, and after a bulk load; queries are fastest right after.
   */
  compact(): void {
    const cells = this.cellCount.length;
    let total = 0;
    for (let cell = 0; cell < cells; cell++) total += this.cellCount[cell]! === 0 ? 0 : roomFor(this.cellCount[cell]!);
    const items = new Array<T | null>(total).fill(null);
    const values = new Array<V | null>(total).fill(null);
    const positions = new Float64Array(2 * total);
    const columns = new Float64Array(2 * total);
    let next = 0;
    for (let cell = 0; cell < cells; cell++) {
      const n = this.cellCount[cell]!;
      if (n === 0) {
        this.cellStart[cell] = 0;
        this.cellRoom[cell] = 0;
        continue;
      }
      const from = this.cellStart[cell]!;
      for (let i = 0; i < n; i++) {
        items[next + i] = this.items[from + i]!;
        values[next + i] = this.values[from + i]!;
      }
      positions.set(this.positions.subarray(2 * from, 2 * (from + n)), 2 * next);
      columns.set(this.columns.subarray(2 * from, 2 * (from + n)), 2 * next);
      this.cellStart[cell] = next;
      this.cellRoom[cell] = roomFor(n);
      next += this.cellRoom[cell]!;
    }
    this.items = items;
    this.values = values;
    this.positions = positions;
    this.columns = columns;
    this.used = next;
    this.abandoned = 0;
  }

  /** Notes a change at (x, y) in a cell: its generation, and its place in the cell's log. */
  private changed(cell: number, x: number, y: number, generation: number): void {
    this.cellGeneration[cell] = generation;
    const next = this.logNext[cell]!;
    const k = (cell * LOG + next) * 3;
    const dropped = this.changeLog[k + 2]!;
    if (dropped > this.logFloor[cell]!) this.logFloor[cell] = dropped;
    this.changeLog[k] = x;
    this.changeLog[k + 1] = y;
    this.changeLog[k + 2] = generation;
    this.logNext[cell] = (next + 1) % LOG;
  }

  /** Gives a full cell a range of `room` slots at the end of the stores (growing them as needed). */
  private relocate(cell: number, room: number): void {
    if (this.abandoned > 1024 && this.abandoned > this.count) {
      this.compact();
      // Compaction gave every cell room again, this one included.
      if (this.cellCount[cell]! < this.cellRoom[cell]!) return;
    }
    const from = this.cellStart[cell]!;
    const n = this.cellCount[cell]!;
    const to = this.used;
    this.ensureCapacity(to + room);
    for (let i = 0; i < n; i++) {
      this.items[to + i] = this.items[from + i]!;
      this.values[to + i] = this.values[from + i]!;
      this.items[from + i] = null;
      this.values[from + i] = null;
    }
    this.positions.copyWithin(2 * to, 2 * from, 2 * (from + n));
    this.columns.copyWithin(2 * to, 2 * from, 2 * (from + n));
    this.abandoned += this.cellRoom[cell]!;
    this.cellStart[cell] = to;
    this.cellRoom[cell] = room;
    this.used = to + room;
  }

  private ensureCapacity(slots: number): void {
    if (slots <= this.items.length) return;
    const capacity = Math.max(slots, 2 * this.items.length, 1024);
    for (let at = this.items.length; at < capacity; at++) {
      this.items.push(null);
      this.values.push(null);
    }
    const positions = new Float64Array(2 * capacity);
    positions.set(this.positions);
    this.positions = positions;
    const columns = new Float64Array(2 * capacity);
    columns.set(this.columns);
    this.columns = columns;
  }
}
