/** Hand-built tune results: a grid whose metrics come from a formula, so each case is easy to check. */
import { expandGrid, type GridAxis } from '../../src/tune/grid.js';
import type { PointResult, SeedRun, TuneResult } from '../../src/tune/tune-result.js';

export const DEBOUNCE_BY_SWEEP: GridAxis[] = [
  { key: 'batcher.debounceTimeoutMs', values: ['25', '50', '100'] },
  { key: 'batcher.sweepIntervalMs', values: ['150', '500'] },
];

export interface FakeRun {
  p99: number;
  processings: number;
  passed?: boolean;
  cpu?: number;
}

/** `measure(values, seed)` gives each run's headline numbers. */
export function makeTuneResult(
  axes: GridAxis[],
  measure: (values: string[], seed: number) => FakeRun,
  options: { seeds?: number[]; expectations?: number } = {},
): TuneResult {
  const seeds = options.seeds ?? [42];
  const points: PointResult[] = expandGrid(axes).map((point) => ({
    ...point,
    runs: seeds.map((seed): SeedRun => {
      const run = measure(point.values, seed);
      const passed = run.passed ?? true;
      return {
        seed,
        passed,
        completed: true,
        failedExpectations: passed ? [] : ['latency.p99 < 1s'],
        metrics: {
          'latency.p99': run.p99,
          'latency.p50': run.p99 / 4,
          processings: run.processings,
          cpuBusy: run.cpu ?? run.processings / 10_000,
          expectationsPassed: passed ? 1 : 0,
        },
      };
    }),
  }));
  return {
    scenario: { name: 'storm', sourcePath: 'scenarios/storm.yaml', baseSeed: seeds[0] ?? 42, durationMs: 60_000, strategy: 'hybrid', expectations: options.expectations ?? 1 },
    axes,
    set: [],
    seeds,
    totalPoints: points.length,
    shard: null,
    points,
  };
}

/** Short debounce: fast and costly; long sweep: cheap and slow. Fails when p99 >= 1000 ms. */
export function debounceBySweep(values: string[], seed = 42): FakeRun {
  const debounce = Number(values[0]);
  const sweep = Number(values[1]);
  const p99 = debounce * 4 + sweep + (seed - 42);
  const processings = Math.round(100_000 / debounce + 50_000 / sweep);
  return { p99, processings, passed: p99 < 1000 };
}
