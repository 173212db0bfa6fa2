/**
 * The two spatial questions the world asks, each behind an interface so the grid and the rbush
 * forms can be measured against each other (test/bench/world-spatial-index.ts) and swapped.
 *
 * Items carry their own box (`minX..maxY`, mutable): rbush reads it directly, which avoids a box
 * allocation per visited item, and a point is a box with min == max.
 */
import type { Viewport } from '../../batcher/ports.js';

export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Two numbers a point index keeps beside each value, so a search can hand them out contiguously. */
export interface PointColumns {
  readonly key: number;
  readonly info: number;
}

/** A point in a PointIndex, and the value a search hands out for it (e.g. an event snapshot). */
export interface PointItem<V extends PointColumns> extends Box {
  readonly value: V;
}

/**
 * Where a point search writes: values, and beside them their key and info (interleaved: key, info,
 * key, info...), in arrays kept across searches (a search that appended to fresh arrays spent more
 * time growing them than searching). Plain arrays, not typed ones: copying out a slice of a plain
 * array is several times cheaper than of a typed array.
 */
export class PointSearchResult<V> {
  readonly values: V[] = [];
  readonly columns: number[] = [];
  count = 0;
  /**
   * Set by a search: a version of what the index holds where it looked. Two searches of the same box
   * that get the same stamp found the same values in the same order (nothing there changed between
   * them), so a consumer may reuse what it concluded from the first.
   */
  stamp = 0;

  reset(): void {
    this.count = 0;
  }

  push(value: V, key: number, info: number): void {
    const at = this.count;
    this.values[at] = value;
    this.columns[2 * at] = key;
    this.columns[2 * at + 1] = info;
    this.count = at + 1;
  }
}

/** Points (events): which points lie in a box. */
export interface PointIndex<T extends PointItem<V>, V extends PointColumns> {
  readonly size: number;
  insert(item: T): void;
  /** Bulk insert into an empty (or cleared) index. */
  load(items: readonly T[]): void;
  remove(item: T): void;
  /** Moves a point that is in the index; the index updates the item's box. */
  move(item: T, x: number, y: number): void;
  /** The item's value changed (not its position): an index that keeps a copy of it updates it. */
  refresh(item: T): void;
  /** After many inserts (a population): lays the index out for the fastest queries. */
  compact(): void;
  /**
   * Whether nothing inside the closed box changed after a search that got stamp `since` (see
   * PointSearchResult.stamp): then a search of the box finds the same values (perhaps in another
   * order). May answer false when it cannot tell.
   */
  unchangedInside(box: Viewport, since: number): boolean;
  /** Appends the value (and its key and info) of every item whose point lies in the closed box. */
  search(box: Viewport, out: PointSearchResult<V>): void;
  clear(): void;
}

/** Boxes (viewports): which boxes contain a point. */
export interface BoxIndex<T extends Box> {
  readonly size: number;
  insert(item: T): void;
  remove(item: T): void;
  /** Replaces the box of an item that is in the index. */
  update(item: T, box: Viewport): void;
  /** Calls `visit` for every item whose closed box contains the point. */
  searchPoint(x: number, y: number, visit: (item: T) => void): void;
  clear(): void;
}

export type SpatialIndexKind = 'grid' | 'rbush';
