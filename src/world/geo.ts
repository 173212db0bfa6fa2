/**
 * Plane and sphere geometry for viewports and filter circles. Viewports are closed boxes in degrees
 * (an event on the edge is inside), and never wrap the antimeridian.
 */
import type { Viewport } from '../batcher/ports.js';

const EARTH_RADIUS_METRES = 6_371_008.8;
const RADIANS_PER_DEGREE = Math.PI / 180;
/** Metres per degree of latitude (and of longitude at the equator). */
export const METRES_PER_DEGREE = EARTH_RADIUS_METRES * RADIANS_PER_DEGREE;

export function viewportContains(viewport: Viewport, lng: number, lat: number): boolean {
  return lng >= viewport.minX && lng <= viewport.maxX && lat >= viewport.minY && lat <= viewport.maxY;
}

export function viewportsEqual(a: Viewport | null, b: Viewport | null): boolean {
  if (a === null || b === null) return a === b;
  return a.minX === b.minX && a.minY === b.minY && a.maxX === b.maxX && a.maxY === b.maxY;
}

/** Great-circle distance (haversine). */
export function distanceMetres(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RADIANS_PER_DEGREE;
  const dLng = (lng2 - lng1) * RADIANS_PER_DEGREE;
  const sinLat = Math.sin(dLat / 2);
  const sinLng = Math.sin(dLng / 2);
  const h = sinLat * sinLat + Math.cos(lat1 * RADIANS_PER_DEGREE) * Math.cos(lat2 * RADIANS_PER_DEGREE) * sinLng * sinLng;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Throws when a viewport is not a finite, non-inverted box: the world relies on both. */
export function assertValidViewport(viewport: Viewport, what: string): void {
  const { minX, minY, maxX, maxY } = viewport;
  if (![minX, minY, maxX, maxY].every(Number.isFinite) || minX > maxX || minY > maxY) {
    throw new RangeError(`${what}: a viewport needs finite minX <= maxX and minY <= maxY, got ${JSON.stringify(viewport)}`);
  }
}
