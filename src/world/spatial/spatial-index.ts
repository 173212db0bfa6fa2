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

/** Points (events): which points lie in a box. */
export interface PointIndex<T extends Box> {
  readonly size: number;
  insert(item: T): void;
  /** Bulk insert into an empty (or cleared) index. */
  load(items: readonly T[]): void;
  remove(item: T): void;
  /** Moves a point that is in the index; the index updates the item's box. */
  move(item: T, x: number, y: number): void;
  /** Appends to `out` every item whose point lies in the closed box. */
  search(box: Viewport, out: T[]): void;
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
