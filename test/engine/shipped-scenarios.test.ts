/**
 * Every shipped scenario, end to end on the virtual clock: it loads without warnings, runs to its
 * end, meets its own expectations with no client diverged, and gives the same summary when run
 * again. To keep the suite near a minute, storm-large runs at its full 100,000 users but only its
 * first seconds, and its determinism is checked on a tenth of the users (the herd of 100,000
 * initial requests is most of its cost, twice over).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run-scenario.js';
import type { RunSummary } from '../../src/metrics/summary.js';
import type { ScenarioOverrides } from '../../src/scenario/load.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { listShippedScenarios } from '../../src/scenario/shipped.js';

const SHIPPED = ['cleanup', 'flaky-redis', 'isolated', 'mixed-day', 'panning', 'storm', 'storm-large'];
const SHORTENED: Record<string, ScenarioOverrides> = { 'storm-large': { durationMs: 6000 } };
const SMALLER: Record<string, ScenarioOverrides> = { 'storm-large': { durationMs: 8000, set: ['world.users.count=10000'] } };

const firstRuns = new Map<string, Promise<RunSummary>>();

function run(name: string, overrides: ScenarioOverrides = SHORTENED[name] ?? {}): Promise<RunSummary> {
  const path = listShippedScenarios().find((scenario) => scenario.name === name)?.path;
  if (path === undefined) throw new Error(`no shipped scenario ${name}`);
  return runScenario(loadScenarioFile(path, overrides));
}

function firstRun(name: string): Promise<RunSummary> {
  let summary = firstRuns.get(name);
  if (summary === undefined) {
    summary = run(name);
    firstRuns.set(name, summary);
  }
  return summary;
}

function withoutWallTiming(summary: RunSummary): string {
  const { run: timing, ...rest } = summary;
  return JSON.stringify({ ...rest, simulatedMs: timing.simulatedMs });
}

describe('shipped scenarios', () => {
  it('are the seven the project documents, each with a description', () => {
    const shipped = listShippedScenarios();
    expect(shipped.map((scenario) => scenario.name)).toEqual(SHIPPED);
    for (const scenario of shipped) {
      expect(scenario.description.length, scenario.name).toBeGreaterThan(20);
      expect(loadScenarioFile(scenario.path).warnings, scenario.name).toEqual([]);
    }
  });

  it.each(SHIPPED)('%s runs to its end and meets its expectations', async (name) => {
    const summary = await firstRun(name);
    expect(summary.completed).toBe(true);
    expect(summary.consistency.divergedClients).toBe(0);
    expect(summary.world?.undeliveredChanges).toBe(0);
    expect(summary.expectations.length).toBeGreaterThan(0);
    for (const expectation of summary.expectations) {
      expect(expectation.passed, `${name}: ${expectation.text} measured ${expectation.measured}`).toBe(true);
    }
    expect(summary.passed).toBe(true);
  }, 180_000);

  it.each(SHIPPED)('%s gives the same summary byte for byte when run again', async (name) => {
    const smaller = SMALLER[name];
    const first = smaller === undefined ? await firstRun(name) : await run(name, smaller);
    const second = await run(name, smaller);
    expect(withoutWallTiming(second)).toBe(withoutWallTiming(first));
    expect(second.counters.processings).toBeGreaterThan(0);
  }, 180_000);
});
