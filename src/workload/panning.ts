/**
 * panning: a share of users drag their map. A burst sends a viewport update at a fixed frequency
 * (clients do not throttle) while the box glides and zooms; bursts are separated by pauses. Without
 * an arrival shape every panning user cycles burst, pause, burst on its own; with one, bursts start
 * at the arrival times, each on a panning user that is not already panning.
 *
 * The case the per-user debounce exists for: many marks of one user should cost one processing.
 */
import type { Viewport } from '../batcher/ports.js';
import type { SeededRandom } from '../random/seeded-random.js';
import type { ResolvedPhaseBase } from '../scenario/resolved.js';
import type { Change } from '../world/change.js';
import type { ArrivalShape } from './arrival.js';
import { arrivalTimes } from './arrival.js';
import type { WorkloadContext } from './generator.js';
import { TimeHeap } from './time-heap.js';
import { initialUserId } from '../world/population.js';
import { boxAround, randomLocation } from './world-shapes.js';

export interface PanningPhase extends ResolvedPhaseBase {
  type: 'panning';
  /** Share (0..1) of the initial users who pan in this phase. */
  userShare: number;
  /** Viewport updates per second during a burst. */
  updateRatePerSecond: number;
  /** Length of one burst, drawn uniformly in [min, max]. */
  burstMs: { min: number; max: number };
  /** Pause between a user's bursts, drawn uniformly in [min, max] (cycling mode only). */
  pauseMs: { min: number; max: number };
  /** How fast the box moves, in viewport widths per second. */
  panSpeedPerSecond: number;
  /** Largest zoom rate: the box grows or shrinks by up to this factor per second. */
  zoomPerSecond: number;
  /** When set, bursts start at these arrivals instead of each user cycling on its own. */
  arrival: ArrivalShape | null;
}

interface Panner {
  userId: string;
  /** Centre and size in degrees. */
  lng: number;
  lat: number;
  widthDeg: number;
  heightDeg: number;
  /** Velocity in degrees per second, and the log of the zoom factor per second. */
  vLng: number;
  vLat: number;
  logZoomPerSecond: number;
  burstEndMs: number;
  lastUpdateMs: number;
  panning: boolean;
}

type Step = { kind: 'update'; panner: Panner } | { kind: 'burst'; panner: Panner };

export function* generatePanning(phase: PanningPhase, context: WorkloadContext): Generator<Change, void, undefined> {
  const { world } = context;
  const random = context.random.fork('panning');
  const panners = choosePanners(phase, context, context.random.fork('users'));
  if (panners.length === 0 || phase.updateRatePerSecond <= 0) return;
  const intervalMs = 1000 / phase.updateRatePerSecond;
  const heap = new TimeHeap<Step>();
  const arrivals =
    phase.arrival === null ? null : arrivalTimes(phase.arrival, phase.startMs, phase.endMs, context.random.fork('arrivals'));
  let nextArrival = arrivals?.next();

  if (arrivals === null) {
    // Stagger the first bursts over one pause so the panners do not all start together.
    for (const panner of panners) {
      heap.push(phase.startMs + random.between(0, phase.pauseMs.max), { kind: 'burst', panner });
    }
  }

  for (;;) {
    const heapTime = heap.peekTime();
    if (nextArrival !== undefined && nextArrival.done !== true && (heapTime === undefined || nextArrival.value < heapTime)) {
      const atMs = nextArrival.value;
      nextArrival = arrivals?.next();
      const panner = panners[random.int(panners.length)]!;
      // A burst landing on a user already panning is dropped: one hand, one map.
      if (!panner.panning) {
        panner.panning = true;
        heap.push(atMs, { kind: 'burst', panner });
      }
      continue;
    }
    if (heapTime === undefined || heapTime >= phase.endMs) return;
    const step = heap.pop()!;
    const panner = step.panner;
    if (step.kind === 'burst') {
      startBurst(panner, heapTime, phase, random);
    }
    moveBox(panner, heapTime, world.area, world.users.viewportSizeDeg);
    yield { type: 'viewport', atMs: heapTime, userId: panner.userId, viewport: viewportOf(panner, world.area) };
    const nextMs = heapTime + intervalMs;
    if (nextMs < panner.burstEndMs) {
      heap.push(nextMs, { kind: 'update', panner });
    } else {
      panner.panning = false;
      if (arrivals === null) heap.push(panner.burstEndMs + random.between(phase.pauseMs.min, phase.pauseMs.max), { kind: 'burst', panner });
    }
  }
}

function choosePanners(phase: PanningPhase, context: WorkloadContext, random: SeededRandom): Panner[] {
  const { world } = context;
  const panners: Panner[] = [];
  for (let index = 0; index < world.users.count; index++) {
    if (!random.chance(phase.userShare)) continue;
    const [lng, lat] = randomLocation(world.area, world.users.hotspots, random);
    const { min, max } = world.users.viewportSizeDeg;
    panners.push({
      userId: initialUserId(index),
      lng,
      lat,
      widthDeg: random.between(min, max),
      heightDeg: random.between(min, max),
      vLng: 0,
      vLat: 0,
      logZoomPerSecond: 0,
      burstEndMs: 0,
      lastUpdateMs: 0,
      panning: false,
    });
  }
  return panners;
}

function startBurst(panner: Panner, atMs: number, phase: PanningPhase, random: SeededRandom): void {
  const angle = 2 * Math.PI * random.float();
  const speedDegPerSecond = phase.panSpeedPerSecond * panner.widthDeg;
  panner.vLng = speedDegPerSecond * Math.cos(angle);
  panner.vLat = speedDegPerSecond * Math.sin(angle);
  panner.logZoomPerSecond = Math.log(phase.zoomPerSecond) * random.between(-1, 1);
  panner.burstEndMs = atMs + random.between(phase.burstMs.min, phase.burstMs.max);
  panner.lastUpdateMs = atMs;
  panner.panning = true;
}

/** Glides the box to `atMs`, bouncing off the area's edges and keeping its size within the world's range. */
function moveBox(panner: Panner, atMs: number, area: Viewport, sizeDeg: { min: number; max: number }): void {
  const seconds = (atMs - panner.lastUpdateMs) / 1000;
  panner.lastUpdateMs = atMs;
  if (seconds <= 0) return;
  const zoom = Math.exp(panner.logZoomPerSecond * seconds);
  panner.widthDeg = Math.min(Math.max(panner.widthDeg * zoom, sizeDeg.min), sizeDeg.max);
  panner.heightDeg = Math.min(Math.max(panner.heightDeg * zoom, sizeDeg.min), sizeDeg.max);
  panner.lng += panner.vLng * seconds;
  panner.lat += panner.vLat * seconds;
  if (panner.lng < area.minX || panner.lng > area.maxX) {
    panner.vLng = -panner.vLng;
    panner.lng = Math.min(Math.max(panner.lng, area.minX), area.maxX);
  }
  if (panner.lat < area.minY || panner.lat > area.maxY) {
    panner.vLat = -panner.vLat;
    panner.lat = Math.min(Math.max(panner.lat, area.minY), area.maxY);
  }
}

function viewportOf(panner: Panner, area: Viewport): Viewport {
  return boxAround([panner.lng, panner.lat], panner.widthDeg, panner.heightDeg, area);
}
