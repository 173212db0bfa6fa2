/**
 * Both spatial index forms (grid and rbush) against brute force, over random sequences of inserts,
 * moves, removals and queries, including points and boxes outside the area and on cell edges.
 */
import fc from 'fast-check';
import { SeededRandom } from '../../src/random/seeded-random.js';
import { describe, expect, it, vi } from 'vitest';
import type { Viewport } from '../../src/batcher/ports.js';
import { BoxGrid, type GridBox } from '../../src/world/spatial/box-grid.js';
import { GridGeometry } from '../../src/world/spatial/grid-geometry.js';
import { PointGrid, type GridPoint } from '../../src/world/spatial/point-grid.js';
import { RBushBoxIndex, RBushPointIndex } from '../../src/world/spatial/rbush-indexes.js';
import { PointSearchResult, type BoxIndex, type PointIndex } from '../../src/world/spatial/spatial-index.js';

const AREA: Viewport = { minX: 0, minY: 0, maxX: 10, maxY: 10 };

class Item implements GridPoint<Item>, GridBox {
  minX = 0;
  minY = 0;
  maxX = 0;
  maxY = 0;
  gridCell = -1;
  gridSlot = -1;
  gridCol0 = -1;
  gridRow0 = -1;
  gridCol1 = -1;
  gridRow1 = -1;
  gridSlots: number[] | null = null;
  constructor(readonly id: number) {}
  get value(): Item {
    return this;
  }
  get key(): number {
    return this.id;
  }
  get info(): number {
    return this.id * 10;
  }
}

// Coordinates on a coarse lattice hit cell edges often; a few fall outside the area.
const coord = fc.integer({ min: -4, max: 44 }).map((n) => n / 4);
const box = fc.tuple(coord, coord, fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 24 })).map(
  ([x, y, w, h]): Viewport => ({ minX: x, minY: y, maxX: x + w / 4, maxY: y + h / 4 }),
);

type PointOp = { op: 'insert' | 'move'; x: number; y: number; pick: number } | { op: 'remove'; pick: number } | { op: 'search'; box: Viewport };
const pointOp: fc.Arbitrary<PointOp> = fc.oneof(
  fc.record({ op: fc.constantFrom('insert' as const, 'move' as const), x: coord, y: coord, pick: fc.nat() }),
  fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('search' as const), box }),
);

/** The truth beside an index under test: its live items, and the next id to give (ids only grow). */
interface PointTruth {
  readonly live: Item[];
  nextId: number;
}

/** Applies an insert, move or removal to the index and to the truth (a search changes nothing). */
function applyPointChange(index: PointIndex<Item, Item>, truth: PointTruth, op: PointOp): void {
  const live = truth.live;
  if (op.op === 'insert') {
    const item = new Item(truth.nextId++);
    item.minX = item.maxX = op.x;
    item.minY = item.maxY = op.y;
    index.insert(item);
    live.push(item);
  } else if (op.op === 'move' && live.length > 0) {
    index.move(live[op.pick % live.length]!, op.x, op.y);
  } else if (op.op === 'remove' && live.length > 0) {
    index.remove(live.splice(op.pick % live.length, 1)[0]!);
  }
}

function checkPoints(make: () => PointIndex<Item, Item>) {
  fc.assert(
    fc.property(fc.array(pointOp, { maxLength: 120 }), (ops) => {
      const index = make();
      const truth: PointTruth = { live: [], nextId: 0 };
      const live = truth.live;
      for (const op of ops) {
        applyPointChange(index, truth, op);
        if (op.op === 'search') {
          const result = new PointSearchResult<Item>();
          index.search(op.box, result);
          const found = result.values.slice(0, result.count);
          found.forEach((item, k) => expect([result.columns[2 * k], result.columns[2 * k + 1]]).toEqual([item.key, item.info]));
          const expected = live.filter((i) => i.minX >= op.box.minX && i.minX <= op.box.maxX && i.minY >= op.box.minY && i.minY <= op.box.maxY);
          expect(found.map((i) => i.id).sort((a, b) => a - b)).toEqual(expected.map((i) => i.id).sort((a, b) => a - b));
        }
        expect(index.size).toBe(live.length);
      }
    }),
  );
}

type BoxOp = { op: 'insert' | 'update'; box: Viewport; pick: number } | { op: 'remove'; pick: number } | { op: 'search'; x: number; y: number };
const boxOp: fc.Arbitrary<BoxOp> = fc.oneof(
  fc.record({ op: fc.constantFrom('insert' as const, 'update' as const), box, pick: fc.nat() }),
  fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('search' as const), x: coord, y: coord }),
);

function checkBoxes(make: () => BoxIndex<Item>) {
  fc.assert(
    fc.property(fc.array(boxOp, { maxLength: 120 }), (ops) => {
      const index = make();
      const live: Item[] = [];
      let next = 0;
      for (const op of ops) {
        if (op.op === 'insert') {
          const item = Object.assign(new Item(next++), op.box);
          index.insert(item);
          live.push(item);
        } else if (op.op === 'update' && live.length > 0) {
          index.update(live[op.pick % live.length]!, op.box);
        } else if (op.op === 'remove' && live.length > 0) {
          const [item] = live.splice(op.pick % live.length, 1);
          index.remove(item!);
        } else if (op.op === 'search') {
          const found: number[] = [];
          index.searchPoint(op.x, op.y, (item) => found.push(item.id));
          const expected = live.filter((i) => op.x >= i.minX && op.x <= i.maxX && op.y >= i.minY && op.y <= i.maxY).map((i) => i.id);
          expect(found.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
        }
        expect(index.size).toBe(live.length);
      }
    }),
  );
}

describe('point indexes agree with brute force', () => {
  it('grid', () => checkPoints(() => new PointGrid<Item, Item>(new GridGeometry(AREA, 1))));
  it('grid with cells that do not divide the area', () => checkPoints(() => new PointGrid<Item, Item>(new GridGeometry(AREA, 0.7))));
  it('rbush', () => checkPoints(() => new RBushPointIndex<Item, Item>()));
});

/**
 * A search's stamp: the same box searched again with the same stamp must find the same values in the
 * same order (processing skips a selection on that promise), and a change where the box looks must
 * move the stamp on.
 */
const ids = (items: readonly Item[]) => items.map((i) => i.id).sort((a, b) => a - b);

function checkStamps(make: () => PointIndex<Item, Item>): number {
  let unchangedAnswers = 0;
  const watched: Viewport[] = [
    { minX: 1, minY: 1, maxX: 3, maxY: 2.5 },
    { minX: 4.25, minY: 0, maxX: 6, maxY: 9 },
    { minX: -1, minY: 8, maxX: 11, maxY: 11 },
  ];
  fc.assert(
    fc.property(fc.array(pointOp, { maxLength: 120 }), (ops) => {
      const index = make();
      const truth: PointTruth = { live: [], nextId: 0 };
      const live = truth.live;
      const seen = watched.map(() => ({ stamp: Number.NaN, found: [] as Item[] }));
      for (const op of ops) {
        applyPointChange(index, truth, op);
        watched.forEach((box, k) => {
          const result = new PointSearchResult<Item>();
          index.search(box, result);
          const found = result.values.slice(0, result.count);
          const expected = live.filter((i) => i.minX >= box.minX && i.minX <= box.maxX && i.minY >= box.minY && i.minY <= box.maxY);
          expect(found.length).toBe(expected.length);
          if (result.stamp === seen[k]!.stamp) expect(found).toEqual(seen[k]!.found);
          // Unchanged inside the box since the last search: the same values, in whatever order.
          const sameInside = !Number.isNaN(seen[k]!.stamp) && index.unchangedInside(box, seen[k]!.stamp);
          if (sameInside) expect(ids(found)).toEqual(ids(seen[k]!.found));
          if (sameInside) unchangedAnswers++;
          seen[k] = { stamp: result.stamp, found };
        });
      }
    }),
  );
  return unchangedAnswers;
}

describe('point index stamps', () => {
  it('grid', () => {
    expect(checkStamps(() => new PointGrid<Item, Item>(new GridGeometry(AREA, 1)))).toBeGreaterThan(0);
  });
  it('rbush', () => {
    checkStamps(() => new RBushPointIndex<Item, Item>());
  });

  it('grid: a change in the cells of a box but outside it leaves the box unchanged; one inside does not', () => {
    const grid = new PointGrid<Item, Item>(new GridGeometry(AREA, 1));
    const at = (id: number, x: number, y: number) => {
      const item = new Item(id);
      item.minX = item.maxX = x;
      item.minY = item.maxY = y;
      grid.insert(item);
      return item;
    };
    const inside = at(1, 2.5, 2.5);
    const outside = at(2, 2.9, 2.9);
    const box = { minX: 2.2, minY: 2.2, maxX: 2.8, maxY: 2.8 };
    const result = new PointSearchResult<Item>();
    grid.search(box, result);
    const stamp = result.stamp;
    grid.move(outside, 2.95, 2.1);
    expect(grid.unchangedInside(box, stamp)).toBe(true);
    // A point that moves in, or out, or changes where it is, is a change inside.
    grid.move(outside, 2.7, 2.7);
    expect(grid.unchangedInside(box, stamp)).toBe(false);
    grid.search(box, result);
    const later = result.stamp;
    grid.move(inside, 2.99, 2.99);
    expect(grid.unchangedInside(box, later)).toBe(false);
    // More changes in the cell than its log holds: it cannot tell any more.
    result.reset();
    grid.search(box, result);
    const last = result.stamp;
    for (let k = 0; k < 8; k++) grid.move(inside, 2.9 + k / 100, 2.95);
    expect(grid.unchangedInside(box, last)).toBe(false);
  });
});

describe('point grid layout', () => {
  /**
   * Per-cell lists with swap-remove: the order the grid has always answered in (cells row by row,
   * points in slot order). The shared stores must keep it exactly, through growth, relocation of full
   * cells and compaction, or the numbering and order that processing relies on would drift.
   */
  class ReferenceGrid {
    readonly cells = new Map<number, Item[]>();
    constructor(readonly geometry: GridGeometry) {}
    cellOf(item: Item): number {
      return this.geometry.row(item.minY) * this.geometry.cols + this.geometry.col(item.minX);
    }
    insert(item: Item): void {
      const cell = this.cellOf(item);
      const items = this.cells.get(cell) ?? [];
      this.cells.set(cell, items);
      items.push(item);
    }
    remove(item: Item, cell = this.cellOf(item)): void {
      const items = this.cells.get(cell)!;
      const slot = items.indexOf(item);
      const last = items.pop()!;
      if (last !== item) items[slot] = last;
    }
    search(box: Viewport): number[] {
      const g = this.geometry;
      const found: number[] = [];
      for (let r = g.row(box.minY); r <= g.row(box.maxY); r++) {
        for (let c = g.col(box.minX); c <= g.col(box.maxX); c++) {
          for (const i of this.cells.get(r * g.cols + c) ?? []) {
            if (i.minX >= box.minX && i.minX <= box.maxX && i.minY >= box.minY && i.minY <= box.maxY) found.push(i.id);
          }
        }
      }
      return found;
    }
  }

  it('answers in per-cell slot order through relocations and compactions', () => {
    const geometry = new GridGeometry(AREA, 1);
    const grid = new PointGrid<Item, Item>(geometry);
    const compactions = vi.spyOn(grid, 'compact');
    const reference = new ReferenceGrid(geometry);
    const random = new SeededRandom(11);
    const live: Item[] = [];
    let next = 0;
    // Points crowd a few cells at a time, so cells outgrow their ranges and leave them behind.
    let focus = { x: 2, y: 2 };
    for (let step = 0; step < 40_000; step++) {
      if (step % 2_000 === 0) focus = { x: random.between(0, 9), y: random.between(0, 9) };
      const roll = random.float();
      if (roll < 0.5 || live.length === 0) {
        const item = new Item(next++);
        item.minX = item.maxX = focus.x + random.between(0, 1.5);
        item.minY = item.maxY = focus.y + random.between(0, 1.5);
        grid.insert(item);
        reference.insert(item);
        live.push(item);
      } else if (roll < 0.85) {
        const [item] = live.splice(random.int(live.length), 1);
        grid.remove(item!);
        reference.remove(item!);
      } else {
        // A move within its cell keeps the point's slot; to another cell it is a removal and an insert.
        const item = live[random.int(live.length)]!;
        const from = reference.cellOf(item);
        const far = random.chance(0.5);
        grid.move(item, far ? random.between(-1, 11) : item.minX + random.between(-0.05, 0.05), far ? random.between(-1, 11) : item.minY);
        if (reference.cellOf(item) !== from) {
          reference.remove(item, from);
          reference.insert(item);
        }
      }
      if (step % 97 === 0) {
        const x = random.between(-1, 10);
        const y = random.between(-1, 10);
        const query = { minX: x, minY: y, maxX: x + random.between(0, 4), maxY: y + random.between(0, 4) };
        const result = new PointSearchResult<Item>();
        grid.search(query, result);
        expect(result.values.slice(0, result.count).map((i) => i.id)).toEqual(reference.search(query));
        for (let k = 0; k < result.count; k++) expect(result.columns[2 * k + 1]).toBe(result.values[k]!.info);
      }
      if (step === 20_000) grid.compact();
    }
    expect(grid.size).toBe(live.length);
    // Some compactions came from abandoned ranges, not only the one asked for.
    expect(compactions.mock.calls.length).toBeGreaterThan(1);
  });
});

describe('box indexes agree with brute force', () => {
  it('grid', () => checkBoxes(() => new BoxGrid<Item>(new GridGeometry(AREA, 1))));
  it('grid with tiny cells (boxes too big for the grid go to the oversized list)', () =>
    checkBoxes(() => new BoxGrid<Item>(new GridGeometry(AREA, 0.25))));
  it('rbush', () => checkBoxes(() => new RBushBoxIndex<Item>()));
});

describe('grid geometry', () => {
  it('keeps the cell count bounded whatever cell size is asked for', () => {
    const world: Viewport = { minX: -180, minY: -90, maxX: 180, maxY: 90 };
    const geometry = new GridGeometry(world, 0.001);
    expect(geometry.cellCount).toBeLessThanOrEqual(1 << 20);
    expect(geometry.col(-500)).toBe(0);
    expect(geometry.col(500)).toBe(geometry.cols - 1);
  });
});
