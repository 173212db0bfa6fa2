/** Draws from a LatencyDistribution with a seeded generator: network and Redis delays. */
import type { SeededRandom } from '../random/seeded-random.js';
import type { LatencyDistribution } from './settings.js';

export type LatencySampler = () => number;

export function latencySampler(distribution: LatencyDistribution, random: SeededRandom, what: string): LatencySampler {
  const bad = (detail: string) => new RangeError(`${what}: ${detail}, got ${JSON.stringify(distribution)}`);
  switch (distribution.kind) {
    case 'fixed': {
      const { ms } = distribution;
      if (!(ms >= 0) || !Number.isFinite(ms)) throw bad('a fixed latency needs ms >= 0');
      return () => ms;
    }
    case 'uniform': {
      const { minMs, maxMs } = distribution;
      if (!(minMs >= 0) || !(maxMs >= minMs) || !Number.isFinite(maxMs)) throw bad('a uniform latency needs 0 <= minMs <= maxMs');
      return () => random.between(minMs, maxMs);
    }
    case 'normal': {
      const { meanMs, stdDevMs } = distribution;
      if (!(meanMs >= 0) || !(stdDevMs >= 0) || !Number.isFinite(meanMs + stdDevMs)) {
        throw bad('a normal latency needs meanMs >= 0 and stdDevMs >= 0');
      }
      // A delay cannot be negative: the left tail is cut at zero.
      return () => Math.max(0, meanMs + stdDevMs * random.normal());
    }
    case 'lognormal': {
      const { medianMs, sigma } = distribution;
      if (!(medianMs >= 0) || !(sigma >= 0) || !Number.isFinite(medianMs + sigma)) {
        throw bad('a lognormal latency needs medianMs >= 0 and sigma >= 0');
      }
      return () => random.lognormal(medianMs, sigma);
    }
  }
}

/** True when the distribution never yields anything but zero: callers can skip the timer. */
export function isAlwaysZero(distribution: LatencyDistribution): boolean {
  switch (distribution.kind) {
    case 'fixed':
      return distribution.ms === 0;
    case 'uniform':
      return distribution.maxMs === 0;
    case 'normal':
      return distribution.meanMs === 0 && distribution.stdDevMs === 0;
    case 'lognormal':
      return distribution.medianMs === 0;
  }
}
