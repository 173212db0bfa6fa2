/**
 * The cell layout shared by the grids: square cells over the world's area. Coordinates outside the
 * area are clamped into the border cells, so nothing is lost when a viewport pans off the area; the
 * border cells are therefore never treated as lying wholly inside a query box.
 */
import type { Viewport } from '../../batcher/ports.js';

/** Above this the grid uses bigger cells: a dense cell array must stay small. */
const MAX_CELLS = 1 << 20;

export class GridGeometry {
  readonly originX: number;
  readonly originY: number;
  readonly cellSizeDeg: number;
  readonly cols: number;
  readonly rows: number;

  constructor(area: Viewport, requestedCellSizeDeg: number) {
    const width = Math.max(area.maxX - area.minX, 1e-9);
    const height = Math.max(area.maxY - area.minY, 1e-9);
    let cell = requestedCellSizeDeg > 0 && Number.isFinite(requestedCellSizeDeg) ? requestedCellSizeDeg : width / 64;
    const cellsFor = (size: number) => Math.ceil(width / size) * Math.ceil(height / size);
    if (cellsFor(cell) > MAX_CELLS) cell = Math.sqrt((width * height) / MAX_CELLS) * 1.01;
    while (cellsFor(cell) > MAX_CELLS) cell *= 1.1;
    this.originX = area.minX;
    this.originY = area.minY;
    this.cellSizeDeg = cell;
    this.cols = Math.max(1, Math.ceil(width / cell));
    this.rows = Math.max(1, Math.ceil(height / cell));
  }

  get cellCount(): number {
    return this.cols * this.rows;
  }

  col(x: number): number {
    const c = Math.floor((x - this.originX) / this.cellSizeDeg);
    return c < 0 ? 0 : c >= this.cols ? this.cols - 1 : c;
  }

  row(y: number): number {
    const r = Math.floor((y - this.originY) / this.cellSizeDeg);
    return r < 0 ? 0 : r >= this.rows ? this.rows - 1 : r;
  }

  /** True when every point that can be stored in the cell lies inside the box. */
  cellInside(col: number, row: number, box: Viewport): boolean {
    if (col === 0 || row === 0 || col === this.cols - 1 || row === this.rows - 1) return false;
    const x0 = this.originX + col * this.cellSizeDeg;
    const y0 = this.originY + row * this.cellSizeDeg;
    // The margin absorbs rounding in col()/row(): a point a hair outside the nominal cell may land in it.
    const margin = this.cellSizeDeg * 1e-9;
    const size = this.cellSizeDeg + margin;
    return x0 - margin >= box.minX && x0 + size <= box.maxX && y0 - margin >= box.minY && y0 + size <= box.maxY;
  }
}
