/**
 * How many cases a property runs: small by default so `npm test` stays fast, as many as FUZZ_RUNS
 * says under `npm run fuzz`. A failing case prints fast-check's seed and path; FUZZ_SEED replays it.
 */
import type { Parameters as FastCheckParameters } from 'fast-check';

function integerFrom(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** `defaultRuns` at `npm test`; FUZZ_RUNS scaled by `share` (for properties costlier per case). */
export function fuzzRuns(defaultRuns: number, share = 1): number {
  const asked = integerFrom(process.env['FUZZ_RUNS']);
  return asked === undefined || asked < 1 ? defaultRuns : Math.max(1, Math.round(asked * share));
}

/** Parameters for fc.assert: the run count, and the seed to replay when FUZZ_SEED is set. */
export function fuzzParameters<T>(defaultRuns: number, share = 1): FastCheckParameters<T> {
  const seed = integerFrom(process.env['FUZZ_SEED']);
  const numRuns = fuzzRuns(defaultRuns, share);
  return seed === undefined ? { numRuns } : { numRuns, seed };
}

/** Per-test timeout that grows with the number of cases (the default covers `npm test`). */
export function fuzzTimeoutMs(defaultRuns: number, msPerCase: number, share = 1): number {
  return Math.max(30_000, fuzzRuns(defaultRuns, share) * msPerCase * 2);
}
