/**
 * Valid but absurd scenarios: refused before the run with what they would cost, or run after a
 * warning that says it, printed before the run starts. Never a hang: the loader only estimates.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../fuzz/cli-harness.js';

function scenario(lines: string[]): string {
  return ['name: absurd', 'duration: 10s', ...lines].join('\n');
}

async function run(text: string, ...flags: string[]) {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'absurd.yaml'), text);
  return runCli(['run', 'absurd.yaml', '--quiet', ...flags], { cwd });
}

describe('absurd values', () => {
  it('refuses 10 million users, saying how much memory they would need', async () => {
    const outcome = await run(scenario(['world: { users: { count: 10000000 } }', 'workload: [{ type: isolated, arrival: 1/s }]']));
    expect(outcome.code).toBe(2);
    expect(outcome.runs).toEqual([]);
    expect(outcome.stderr).toMatch(/absurd\.yaml:3:\d+\s+world\.users\.count\s+must be at most 2,000,000, got 10000000: 10,000,000 users would need about 41 GB of memory/);
  });

  it('refuses 10 million users given as a flag, naming the flag', async () => {
    const outcome = await run(scenario(['workload: [{ type: isolated, arrival: 1/s }]']), '--set', 'world.users.count=10000000');
    expect(outcome.code).toBe(2);
    expect(outcome.runs).toEqual([]);
    expect(outcome.stderr).toContain('--set world.users.count=10000000');
  });

  it('warns before the run that a 1 us debounce acts as 1 ms', async () => {
    const outcome = await run(scenario(['batcher: { debounce: 1us }', 'workload: [{ type: isolated, arrival: 1/s }]']));
    expect(outcome.code).toBe(0);
    expect(outcome.runs).toHaveLength(1);
    expect(outcome.stderrBeforeRun[0]).toMatch(/warning: absurd: batcher debounce 0\.001 ms is below 1 ms/);
  });

  it('warns before the run what a 0.001 ms sweep costs, and refuses it over a long run', async () => {
    const short = await run(scenario(['batcher: { sweep: 0.001ms }', 'workload: [{ type: isolated, arrival: 1/s }]']));
    expect(short.code).toBe(0);
    expect(short.stderrBeforeRun[0]).toMatch(/warning: absurd: batcher sweep 0\.001 ms is below 1 ms: it acts as 1 ms \(10,000 sweeper runs\)/);

    const long = await run(scenario(['batcher: { sweep: 0.001ms }', 'workload: [{ type: isolated, arrival: 1/s }]']), '--duration', '1d');
    expect(long.code).toBe(2);
    expect(long.runs).toEqual([]);
    expect(long.stderr).toMatch(/86\.4 million sweeper runs, more than the 50\.0 million a run allows/);
  });

  it('refuses a workload of billions of changes, at the phase that makes them', async () => {
    const outcome = await run(scenario(['workload:', '  - { type: isolated, arrival: 10/s }', '  - { name: flood, type: storm, arrival: 1000000000/s }']));
    expect(outcome.code).toBe(2);
    expect(outcome.runs).toEqual([]);
    expect(outcome.stderr).toMatch(/absurd\.yaml:5:\d+\s+workload\[1\]\s+phase "flood" would produce about 10\.0 billion changes/);
  });

  it('warns that a long real-clock run takes its duration in wall time', async () => {
    const outcome = await run(scenario(['clock: real', 'workload: [{ type: isolated, arrival: 1/s }]']), '--duration', '2h');
    expect(outcome.stderrBeforeRun[0]).toMatch(/the real clock takes the scenario's whole duration in wall time: 2\.0 hours/);
  });
});
