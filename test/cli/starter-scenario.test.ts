import { describe, expect, it } from 'vitest';
import { STARTER_SCENARIO } from '../../src/cli/starter-scenario.js';
import { parseScenarioText } from '../../src/scenario/load.js';

describe('the starter scenario that init writes', () => {
  it('is valid for the real loader, with phases and expectations to learn from', () => {
    const scenario = parseScenarioText(STARTER_SCENARIO, 'scenario.yaml');
    expect(scenario.durationMs).toBe(60_000);
    expect(scenario.batcher.strategy).toBe('hybrid');
    expect(scenario.workload.map((phase) => phase.type)).toEqual(['isolated', 'storm']);
    expect(scenario.expect.map((e) => e.text)).toContain('divergedClients == 0');
    expect(scenario.warnings).toEqual([]);
  });

  it('explains itself: most settings carry a comment', () => {
    const settingLines = STARTER_SCENARIO.split('\n').filter((line) => /^\s*[a-zA-Z]+:\s*\S/.test(line));
    const commented = settingLines.filter((line) => line.includes('#'));
    expect(commented.length / settingLines.length).toBeGreaterThan(0.5);
  });
});
