import { describe, expect, it } from 'vitest';
import { HEAVY_COMMAND_SUMMARIES } from '../../src/cli/command-summaries.js';
import { runCli } from '../fuzz/cli-harness.js';

describe('heavy commands load only when used', () => {
  it('the general help lists every heavy command from its summary', async () => {
    const outcome = await runCli(['--help']);
    expect(outcome.code).toBe(0);
    const help = outcome.stdout.replace(/\s+/g, ' ');
    for (const [name, summary] of Object.entries(HEAVY_COMMAND_SUMMARIES)) {
      expect(help).toContain(`${name} ${summary.args.join(' ')}`);
      expect(help).toContain(summary.description);
    }
  });

  it('a heavy command asked for is registered in full: its flags parse and its help shows them', async () => {
    const help = await runCli(['help', 'tune']);
    expect(help.stdout).toMatch(/--grid <key=v1,v2,\.\.\.>/);
    const own = await runCli(['tune', '--help']);
    expect(own.stdout).toMatch(/--workers/);
    const bad = await runCli(['diff', 'a.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/missing required argument 'new'/);
  });
});
