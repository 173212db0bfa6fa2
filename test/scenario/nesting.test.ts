import { describe, expect, it } from 'vitest';
import { findExcessiveNesting } from '../../src/scenario/nesting.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';

describe('flow nesting guard', () => {
  it('finds where brackets first go past the limit, with line and column', () => {
    const text = 'name: x\nworld: ' + '['.repeat(5) + ']'.repeat(5) + '\nexpect: ' + '{a: '.repeat(4);
    expect(findExcessiveNesting(text, 3)).toEqual({ line: 2, column: 11, depth: 4 });
  });

  it('ignores brackets in quotes and comments, and closed ones', () => {
    const text = [
      `description: "${'['.repeat(50)}"`,
      `title: '${'{'.repeat(50)}'`,
      `# ${'['.repeat(50)}`,
      `list: ${'[1], '.repeat(200)}`,
    ].join('\n');
    expect(findExcessiveNesting(text, 3)).toBeNull();
  });

  it('makes the loader refuse a deeply nested document quickly, naming the place (regression: seconds and a stack overflow)', () => {
    const text = 'name: deep\nworld: ' + '['.repeat(300_000);
    const started = performance.now();
    let error: unknown;
    try {
      parseScenarioText(text, 'deep.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).format()).toMatch(/deep\.yaml:2:\d+.*nested more than 100 levels/);
    // Generous: the point is "not seconds", and this runs on loaded CI machines too.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
