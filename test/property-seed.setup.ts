/**
 * Every fast-check property in `npm test` starts from one fixed seed, so CI judges the same cases on
 * each run: a red build means the code changed, not the dice. `npm run fuzz` (FUZZ_RUNS set) explores
 * with fresh seeds, and FUZZ_SEED replays the seed a failure printed.
 */
import fc from 'fast-check';
import { propertySeed } from './fuzz/fuzz-runs.js';

const seed = propertySeed();
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
