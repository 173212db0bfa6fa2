/**
 * Arrival shapes: when the things a generator produces happen. Every shape is a rate that is
 * piecewise linear in time; the n-th arrival falls where the expected number of arrivals reaches a
 * target: n itself for the evenly spaced form, a running sum of Exp(1) draws for the Poisson form
 * (the time-change construction of a non-homogeneous Poisson process). One construction serves
 * constant, Poisson, ramp and spike, and each schedule is a pure function of its settings and the
 * random stream.
 */
import type { SeededRandom } from '../random/seeded-random.js';

export type ArrivalShape =
  /** Evenly spaced: the n-th arrival at start + n / rate. */
  | { shape: 'constant'; ratePerSecond: number }
  /** Exponential gaps with the given mean rate. */
  | { shape: 'poisson'; ratePerSecond: number }
  /** The rate moves linearly from `fromPerSecond` to `toPerSecond` over `overMs`, then stays. */
  | { shape: 'ramp'; fromPerSecond: number; toPerSecond: number; overMs: number; poisson: boolean }
  /** `basePerSecond`, except `peakPerSecond` from `atMs` (after the phase start) for `forMs`. */
  | { shape: 'spike'; basePerSecond: number; peakPerSecond: number; atMs: number; forMs: number; poisson: boolean };

/** A stretch of time over which the rate moves linearly. */
export interface RateSegment {
  startMs: number;
  endMs: number;
  fromPerSecond: number;
  toPerSecond: number;
}

/** The shape as rate segments covering [startMs, endMs). */
export function rateSegments(shape: ArrivalShape, startMs: number, endMs: number): RateSegment[] {
  const segments: RateSegment[] = [];
  const push = (from: number, to: number, fromPerSecond: number, toPerSecond: number): void => {
    const clippedEnd = Math.min(to, endMs);
    if (clippedEnd <= from) return;
    // A ramp cut short by the phase end stops at the rate it had reached by then.
    const reached = to === from ? toPerSecond : fromPerSecond + ((toPerSecond - fromPerSecond) * (clippedEnd - from)) / (to - from);
    segments.push({ startMs: from, endMs: clippedEnd, fromPerSecond, toPerSecond: reached });
  };
  switch (shape.shape) {
    case 'constant':
    case 'poisson':
      push(startMs, endMs, shape.ratePerSecond, shape.ratePerSecond);
      break;
    case 'ramp': {
      const rampEnd = startMs + shape.overMs;
      push(startMs, rampEnd, shape.fromPerSecond, shape.toPerSecond);
      push(Math.max(startMs, rampEnd), endMs, shape.toPerSecond, shape.toPerSecond);
      break;
    }
    case 'spike': {
      const spikeStart = startMs + shape.atMs;
      const spikeEnd = spikeStart + shape.forMs;
      push(startMs, spikeStart, shape.basePerSecond, shape.basePerSecond);
      push(Math.max(startMs, spikeStart), spikeEnd, shape.peakPerSecond, shape.peakPerSecond);
      push(Math.max(startMs, spikeEnd), endMs, shape.basePerSecond, shape.basePerSecond);
      break;
    }
  }
  return segments;
}

/** Expected arrivals in a segment: the area under its rate. */
function segmentMass(segment: RateSegment): number {
  return ((segment.fromPerSecond + segment.toPerSecond) / 2) * ((segment.endMs - segment.startMs) / 1000);
}

/** Expected number of arrivals of the shape over [startMs, endMs). */
export function expectedArrivals(shape: ArrivalShape, startMs: number, endMs: number): number {
  let total = 0;
  for (const segment of rateSegments(shape, startMs, endMs)) total += segmentMass(segment);
  return total;
}

/** The highest rate the shape reaches in [startMs, endMs), per second. */
export function peakRatePerSecond(shape: ArrivalShape, startMs: number, endMs: number): number {
  let peak = 0;
  for (const segment of rateSegments(shape, startMs, endMs)) {
    peak = Math.max(peak, segment.fromPerSecond, segment.toPerSecond);
  }
  return peak;
}

function isPoisson(shape: ArrivalShape): boolean {
  switch (shape.shape) {
    case 'constant':
      return false;
    case 'poisson':
      return true;
    case 'ramp':
    case 'spike':
      return shape.poisson;
  }
}

/**
 * Time (ms after the segment start) at which `mass` expected arrivals have accumulated in a segment
 * whose rate starts at `a` per second and changes by `b` per second per second.
 */
function timeForMassMs(a: number, bPerSecondSquared: number, mass: number): number {
  if (bPerSecondSquared === 0) return (mass * 1000) / a;
  // Root of a*t + b*t^2/2 = mass, in the form that stays accurate when b is tiny or negative.
  const discriminant = a * a + 2 * bPerSecondSquared * mass;
  return (2000 * mass) / (a + Math.sqrt(Math.max(0, discriminant)));
}

/**
 * The arrival times of a shape in [startMs, endMs), in increasing order, lazily. Evenly spaced
 * shapes draw nothing from `random`; Poisson ones draw one Exp(1) per arrival.
 */
export function* arrivalTimes(
  shape: ArrivalShape,
  startMs: number,
  endMs: number,
  random: SeededRandom,
): Generator<number, void, undefined> {
  const poisson = isPoisson(shape);
  const nextTarget = poisson ? (previous: number) => previous + random.exponential(1) : (previous: number) => previous + 1;
  let target = nextTarget(0);
  let massBefore = 0;
  for (const segment of rateSegments(shape, startMs, endMs)) {
    const mass = segmentMass(segment);
    const durationSeconds = (segment.endMs - segment.startMs) / 1000;
    const slope = (segment.toPerSecond - segment.fromPerSecond) / durationSeconds;
    while (target - massBefore < mass) {
      const atMs = segment.startMs + timeForMassMs(segment.fromPerSecond, slope, target - massBefore);
      if (atMs >= segment.endMs) break;
      yield atMs;
      target = nextTarget(target);
    }
    massBefore += mass;
  }
}
