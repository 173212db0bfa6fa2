import { describe, expect, it } from 'vitest';
import { assessScenarioCost, checkScenarioCost } from '../../src/scenario/cost-check.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';

const WORKLOAD = 'workload:\n  - { type: isolated, arrival: 5/s }\n';

describe('valid but absurd settings', () => {
  it('warns that a 1 us debounce acts as 1 ms', () => {
    const scenario = parseScenarioText(`duration: 10s\nbatcher: { debounce: 1us }\n${WORKLOAD}`, 'a.yaml');
    expect(scenario.warnings).toEqual([
      'batcher debounce 0.001 ms is below 1 ms: timers (in Node and on the virtual clock) never fire sooner than 1 ms, so it acts as 1 ms',
    ]);
  });

  it('warns about a 0.001 ms sweep with the number of sweeper runs it means', () => {
    const scenario = parseScenarioText(`duration: 10s\nbatcher: { sweep: 0.001ms }\n${WORKLOAD}`, 'a.yaml');
    expect(scenario.warnings).toEqual(['batcher sweep 0.001 ms is below 1 ms: it acts as 1 ms (10,000 sweeper runs)']);
  });

  it('refuses a sweep that would run tens of millions of times, naming the cost', () => {
    expect(() => parseScenarioText(`duration: 31d\nbatcher: { sweep: 1ms }\n${WORKLOAD}`, 'a.yaml')).toThrow(
      'a.yaml:2:10  batcher  a sweep every 1 ms for 744.0 hours of simulated time is 2.7 billion sweeper runs, more than the 50.0 million a run allows; lengthen the sweep interval or shorten the run',
    );
  });

  it('does not count sweeps for strategies without a sweeper', () => {
    const scenario = parseScenarioText(`duration: 31d\nbatcher: { strategy: debounce, sweep: 1ms }\nmetrics: { sampleInterval: 1h }\nworkload:\n  - { type: cleanup }\n`, 'a.yaml');
    expect(scenario.warnings).toEqual([]);
  });

  it('refuses a phase of hundreds of millions of changes at its place in the file', () => {
    expect(() => parseScenarioText('duration: 1d\nworkload:\n  - { type: storm, arrival: 5000/s }\n', 'a.yaml')).toThrow(
      'a.yaml:3:5  workload[0]  phase "storm" would produce about 432.0 million changes, more than the 200.0 million a run allows; lower its rate or shorten it',
    );
  });

  it('warns about large runs, large worlds, dense samples and long real-time runs', () => {
    const scenario = parseScenarioText(
      `duration: 1h
clock: real
world: { users: { count: 500000 } }
metrics: { sampleInterval: 10ms }
workload:
  - { type: storm, arrival: 2000/s }
`,
      'a.yaml',
    );
    expect(scenario.warnings).toEqual([
      'the workload produces about 7.2 million changes: expect minutes of wall time even on the virtual clock',
      '500,000 users need about 2.1 GB of memory for the world alone',
      'a sample every 10 ms gives 360,000 time-series points; consider a longer metrics.sampleInterval',
      "the real clock takes the scenario's whole duration in wall time: 60 minutes",
    ]);
  });

  it('estimates the changes of every workload type', () => {
    const scenario = parseScenarioText(
      `duration: 100s
world: { users: { count: 1000 } }
workload:
  - { type: isolated, arrival: { shape: constant, rate: 10/s } }
  - { type: storm, start: 50s, arrival: { shape: ramp, from: 0, to: 100/s, over: 50s } }
  - { type: panning, users: 10%, frequency: 10Hz, burst: 2s, pause: 2s }
  - { type: cleanup, at: [1s, 2s, 3s] }
  - { type: churn, arrival: { shape: spike, base: 1/s, peak: 11/s, at: 10s, duration: 10s } }
`,
      'a.yaml',
    );
    // 1000 + 2500 + (100 panners * half the time * 10/s * 100 s) + 3 + (100 + 100)
    expect(assessScenarioCost(scenario).changes).toBeCloseTo(1000 + 2500 + 50_000 + 3 + 200, 6);
    expect(checkScenarioCost(scenario)).toEqual([]);
  });

  it('throws refusals as ScenarioErrors', () => {
    expect(() => parseScenarioText('duration: 1d\nworkload:\n  - { type: storm, arrival: 5000/s }\n', 'a.yaml')).toThrow(ScenarioError);
  });
});
