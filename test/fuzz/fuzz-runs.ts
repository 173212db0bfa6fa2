/**
 * How many cases a property runs: small by default so `npm test` stays fast, as many as FUZZ_RUNS
 * says under `npm run fuzz`. A failing case prints fast-check's seed and path; FUZZ_SEED replays it.
 *
 * `npm test` (no FUZZ_RUNS) uses one fixed seed (test/property-seed.setup.ts sets it for every
 * property), so a red build means a change in the code; `npm run fuzz` draws new seeds to find new cases.
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

/** The seed of the cases `npm test` runs. */
export const TEST_SUITE_SEED = 20_261_128;

/** The seed for fast-check: FUZZ_SEED, else the suite's own, else none (a fresh one) when exploring. */
export function propertySeed(): number | undefined {
  return integerFrom(process.env['FUZZ_SEED']) ?? (isExploring() ? undefined : TEST_SUITE_SEED);
}

/** Parameters for fc.assert: the run count, and the seed of {@link propertySeed}. */
export function fuzzParameters<T>(defaultRuns: number, share = 1): FastCheckParameters<T> {
  const numRuns = fuzzRuns(defaultRuns, share);
  const seed = propertySeed();
  return seed === undefined ? { numRuns } : { numRuns, seed };
}

/** True under `npm run fuzz` (FUZZ_RUNS set): each run explores with a fresh seed. */
function isExploring(): boolean {
  return integerFrom(process.env['FUZZ_RUNS']) !== undefined;
}

/** Per-test timeout that grows with the number of cases (the default covers `npm test`). */
export function fuzzTimeoutMs(defaultRuns: number, msPerCase: number, share = 1): number {
  return Math.max(30_000, fuzzRuns(defaultRuns, share) * msPerCase * 2);
}
