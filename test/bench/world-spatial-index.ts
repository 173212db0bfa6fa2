/**
 * Grid or rbush? The issue asks for a well-kept library (rbush) unless a grid measures faster. Both
 * forms of the two indexes the world uses, on the same data, in the same run, rbush as the baseline:
 * - events (points): viewport queries of about 200 events, and moves;
 * - viewports (boxes): pans (a box moved a little), and "which viewports contain this point" lookups.
 * Rates are per second of this process's CPU time (steady when other processes share the machine).
 */
import type { Viewport } from '../../src/batcher/ports.js';
import { SeededRandom } from '../../src/random/seeded-random.js';
import { EventCache } from '../../src/world/event-cache.js';
import { CategoryRegistry } from '../../src/world/event-tags.js';
import { drawInitialEvents } from '../../src/world/population.js';
import { BoxGrid, type GridBox } from '../../src/world/spatial/box-grid.js';
import { GridGeometry } from '../../src/world/spatial/grid-geometry.js';
import { RBushBoxIndex } from '../../src/world/spatial/rbush-indexes.js';
import type { BoxIndex, SpatialIndexKind } from '../../src/world/spatial/spatial-index.js';
import type { WorldSettings } from '../../src/world/settings.js';

const AREA: Viewport = { minX: 0, minY: 0, maxX: 20, maxY: 20 };
const VIEWPORT_DEG = 1;
const EVENTS = 80_000;
const VIEWPORTS = 100_000;

function perCpuSecond(operations: number, work: () => void): number {
  let best = 0;
  for (let rep = 0; rep < 3; rep++) {
    const started = process.cpuUsage();
    work();
    const used = process.cpuUsage(started);
    best = Math.max(best, operations / ((used.user + used.system) / 1e6));
  }
  return best;
}

class ViewportBox implements GridBox {
  gridCol0 = -1;
  gridRow0 = -1;
  gridCol1 = -1;
  gridRow1 = -1;
  gridSlots: number[] | null = null;
  constructor(
    public minX: number,
    public minY: number,
    public maxX: number,
    public maxY: number,
  ) {}
}

function measureEvents(kind: SpatialIndexKind, random: SeededRandom): { queries: number; moves: number } {
  const world = {
    area: AREA,
    users: { count: 0, withoutViewportShare: 0, viewportSizeDeg: { min: VIEWPORT_DEG, max: VIEWPORT_DEG }, filteredShare: 0, hotspots: [] },
    events: { count: EVENTS, capacity: 10_000_000, categories: ['a', 'b'], statuses: ['VERIFIED'], privateShare: 0 },
    resultCap: { viewport: 1000, global: 300 },
  } satisfies WorldSettings;
  const cache = new EventCache({ area: AREA, capacity: 10_000_000, index: kind, cellSizeDeg: VIEWPORT_DEG / 2, categories: new CategoryRegistry() });
  cache.insertMany(drawInitialEvents(world, random.fork('events')), 0);
  const place = random.fork('queries');
  const boxes = Array.from({ length: 20_000 }, () => {
    const x = place.between(0, AREA.maxX - VIEWPORT_DEG);
    const y = place.between(0, AREA.maxY - VIEWPORT_DEG);
    return { minX: x, minY: y, maxX: x + VIEWPORT_DEG, maxY: y + VIEWPORT_DEG };
  });
  const queries = perCpuSecond(boxes.length, () => {
    for (const box of boxes) cache.getEventsInViewport(box);
  });
  const ids = Array.from({ length: 20_000 }, () => `e${place.int(EVENTS)}`);
  const moves = perCpuSecond(ids.length, () => {
    for (const id of ids) {
      const event = cache.get(id)!;
      cache.move(id, [Math.min(AREA.maxX, event.location[0] + place.between(-0.05, 0.05)), Math.min(AREA.maxY, event.location[1] + place.between(-0.05, 0.05))], 1);
    }
  });
  return { queries, moves };
}

function measureViewports(kind: SpatialIndexKind, random: SeededRandom): { pans: number; lookups: number } {
  const index: BoxIndex<ViewportBox> = kind === 'rbush' ? new RBushBoxIndex<ViewportBox>() : new BoxGrid<ViewportBox>(new GridGeometry(AREA, VIEWPORT_DEG));
  const place = random.fork('viewports');
  const boxes: ViewportBox[] = [];
  for (let i = 0; i < VIEWPORTS; i++) {
    const size = place.between(0.5, 1.5);
    const x = place.between(0, AREA.maxX - size);
    const y = place.between(0, AREA.maxY - size);
    const box = new ViewportBox(x, y, x + size, y + size);
    index.insert(box);
    boxes.push(box);
  }
  const pans = perCpuSecond(50_000, () => {
    for (let i = 0; i < 50_000; i++) {
      const box = boxes[place.int(boxes.length)]!;
      const dx = place.between(-0.02, 0.02);
      const dy = place.between(-0.02, 0.02);
      index.update(box, { minX: box.minX + dx, minY: box.minY + dy, maxX: box.maxX + dx, maxY: box.maxY + dy });
    }
  });
  let found = 0;
  const lookups = perCpuSecond(20_000, () => {
    for (let i = 0; i < 20_000; i++) index.searchPoint(place.between(0, AREA.maxX), place.between(0, AREA.maxY), () => found++);
  });
  return { pans, lookups };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export async function run(): Promise<void> {
  const random = new SeededRandom(7);
  console.log(`events: ${fmt(EVENTS)} points, ${VIEWPORT_DEG}° viewport queries (~200 events each); viewports: ${fmt(VIEWPORTS)} boxes`);
  const rbushEvents = measureEvents('rbush', random);
  const gridEvents = measureEvents('grid', random);
  const rbushViewports = measureViewports('rbush', random);
  const gridViewports = measureViewports('grid', random);
  const rows: [string, number, number][] = [
    ['event viewport queries/s', rbushEvents.queries, gridEvents.queries],
    ['event moves/s', rbushEvents.moves, gridEvents.moves],
    ['viewport pans/s', rbushViewports.pans, gridViewports.pans],
    ['affected-user point lookups/s', rbushViewports.lookups, gridViewports.lookups],
  ];
  console.log(`${'operation'.padEnd(32)}${'rbush (baseline)'.padStart(18)}${'grid'.padStart(14)}${'grid / rbush'.padStart(14)}`);
  for (const [name, baseline, grid] of rows) {
    console.log(`${name.padEnd(32)}${fmt(baseline).padStart(18)}${fmt(grid).padStart(14)}${`${(grid / baseline).toFixed(2)}x`.padStart(14)}`);
  }
  await Promise.resolve();
}
