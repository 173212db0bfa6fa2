/**
 * The calibration for real, on one small scenario: three seconds on the virtual clock, then three
 * seconds of wall time on the real clock, same seed. Tolerances are generous and the test is retried:
 * a real-time run shares the machine with everything else the tests do, and a burst of load from
 * elsewhere delays its timers. The full calibration with the goals is
 * `npm run bench -- calibrate`.
 */
import { describe, expect, it } from 'vitest';
import { runCalibration } from '../../src/calibrate/run-calibration.js';
import { runScenario } from '../../src/engine/run-scenario.js';
import { parseScenarioText } from '../../src/scenario/load.js';

// A small crowd at t = 0 (a burst of initial requests, 200 ms of modelled CPU queued at once, where
// set-up time and the simulator's own work would show on the real clock if they were not kept out
// of the model), then users connecting over the run and isolated changes: debounce, CPU, Redis and
// transport on both clocks.
const SMALL = `
name: small-calibration
seed: 3
duration: 3s
world: { users: { count: 100 }, events: { count: 300 } }
costs:
  cpuPerProcessing: 2ms     # enough CPU that busy work shows on the real loop
  transportLatency: 5ms
workload:
  - { type: churn, arrival: 40/s, disconnect: 0 }
  - { type: isolated, start: 500ms, arrival: 30/s }
`;

describe('calibration of a small scenario on both clocks', () => {
  it('agrees within generous tolerances, and the real run really spends the CPU and the waiting', { timeout: 30_000, retry: 2 }, async () => {
    const scenario = parseScenarioText(SMALL, 'small-calibration.yaml');
    const report = await runCalibration(scenario, {
      runScenario,
      tolerance: { latencyRelative: 0.5, latencyAbsoluteMs: 50, countRelative: 0.1, minSamplesToJudge: 30 },
    });
    const { virtual, real, comparison } = report;
    if (real === null || comparison === null) throw new Error('the real run did not happen');
    const outside = comparison.rows.filter((row) => row.within === false).map((row) => `${row.label}: ${row.virtual} vs ${row.real}`);
    expect(outside, outside.join('\n')).toEqual([]);
    expect(report.passed).toBe(true);

    // The same workload on both clocks: the same marks, and every change delivered on both.
    expect(real.counters.marks).toBe(virtual.counters.marks);
    expect(real.latency.overall.count).toBe(virtual.latency.overall.count);
    expect(virtual.consistency.divergedClients).toBe(0);
    expect(real.consistency.divergedClients).toBe(0);

    // Real time: the run took its duration in wall time, and the configured CPU kept the loop busy
    // (utilization at least the modelled share: busy-waiting, or the simulator's own work counted
    // toward it).
    expect(real.run.wallMs).toBeGreaterThanOrEqual(scenario.durationMs * 0.95);
    expect(real.counters.cpuBusyFraction).toBeGreaterThan(0.1);
    expect(report.realLoopBusyFraction ?? 0).toBeGreaterThanOrEqual(real.counters.cpuBusyFraction * 0.9);
    // ...and transport latency is real waiting: no delivery is faster than the 5 ms it is given.
    expect(real.latency.overall.p50Ms).toBeGreaterThan(5);
  });
});
