/**
 * The same two indexes over rbush (an R-tree): no tuning to the viewport size, but a move costs a
 * tree search, a removal and an insertion. Kept as the measured alternative to the grids.
 */
import RBush from 'rbush';
import type { Viewport } from '../../batcher/ports.js';
import type { Box, BoxIndex, PointColumns, PointIndex, PointItem, PointSearchResult } from './spatial-index.js';

export class RBushPointIndex<T extends PointItem<V>, V extends PointColumns> implements PointIndex<T, V> {
  private readonly tree = new RBush<T>(16);
  private count = 0;
  /** Moves on with every change anywhere: the stamp of every search (coarse, but exact). */
  private generation = 0;

  get size(): number {
    return this.count;
  }

  insert(item: T): void {
    this.tree.insert(item);
    this.count++;
    this.generation++;
  }

  load(items: readonly T[]): void {
    this.tree.load(items);
    this.count += items.length;
    this.generation++;
  }

  remove(item: T): void {
    this.tree.remove(item);
    this.count--;
    this.generation++;
  }

  move(item: T, x: number, y: number): void {
    this.tree.remove(item);
    item.minX = item.maxX = x;
    item.minY = item.maxY = y;
    this.tree.insert(item);
    this.generation++;
  }

  refresh(): void {
    // The tree holds the items themselves; their value is read at search time. It changed, though.
    this.generation++;
  }

  compact(): void {
    // A tree kept balanced by its inserts has nothing to gain.
  }

  unchangedInside(_box: Viewport, since: number): boolean {
    // Changes are not located: only "nothing changed anywhere" can be told.
    return this.generation <= since;
  }

  search(box: Viewport, out: PointSearchResult<V>): void {
    out.stamp = this.generation;
    const found = this.tree.search(box);
    for (let i = 0; i < found.length; i++) {
      const value = found[i]!.value;
      out.push(value, value.key, value.info);
    }
  }

  clear(): void {
    this.tree.clear();
    this.count = 0;
    this.generation++;
  }
}

export class RBushBoxIndex<T extends Box> implements BoxIndex<T> {
  private readonly tree = new RBush<T>(16);
  private count = 0;
  private readonly probe: Box = { minX: 0, minY: 0, maxX: 0, maxY: 0 };

  get size(): number {
    return this.count;
  }

  insert(item: T): void {
    this.tree.insert(item);
    this.count++;
  }

  remove(item: T): void {
    this.tree.remove(item);
    this.count--;
  }

  update(item: T, box: Viewport): void {
    this.tree.remove(item);
    item.minX = box.minX;
    item.minY = box.minY;
    item.maxX = box.maxX;
    item.maxY = box.maxY;
    this.tree.insert(item);
  }

  searchPoint(x: number, y: number, visit: (item: T) => void): void {
    this.probe.minX = this.probe.maxX = x;
    this.probe.minY = this.probe.maxY = y;
    const found = this.tree.search(this.probe);
    for (let i = 0; i < found.length; i++) visit(found[i]!);
  }

  clear(): void {
    this.tree.clear();
    this.count = 0;
  }
}
