import { describe, expect, it } from 'vitest';
import { PARALLEL_V8_FLAGS, RELAUNCHED_ENV, relaunchFlags } from '../../src/cli/relaunch.js';

const flags = [...PARALLEL_V8_FLAGS];

describe('relaunchFlags: when tune starts Node again with its V8 flags', () => {
  it('tune on more than one worker thread', () => {
    expect(relaunchFlags(['tune', 'storm', '--grid', 'batcher.debounce=25ms,50ms'], [], 2, {})).toEqual(flags);
    expect(relaunchFlags(['tune', 'storm', '--workers', '2'], [], 1, {})).toEqual(flags);
    expect(relaunchFlags(['tune', 'storm', '--workers=3'], [], 1, {})).toEqual(flags);
  });

  it('not on one thread: --workers 1, or the default on a single core', () => {
    expect(relaunchFlags(['tune', 'storm', '--workers', '1'], [], 8, {})).toBeNull();
    expect(relaunchFlags(['tune', 'storm', '--workers=1'], [], 8, {})).toBeNull();
    expect(relaunchFlags(['tune', 'storm'], [], 1, {})).toBeNull();
  });

  it('not for other commands, help, or a --workers value the command will refuse', () => {
    // compare may run on the real clock, where the flags would show as event-loop lag.
    for (const args of [['run', 'storm'], ['compare', 'storm', '--workers', '2'], ['diff', 'a.json', 'b.json'], ['merge', 'a.json'], [], ['--version']]) {
      expect(relaunchFlags(args, [], 8, {})).toBeNull();
    }
    expect(relaunchFlags(['tune', '--help'], [], 8, {})).toBeNull();
    expect(relaunchFlags(['tune', 'storm', '-h'], [], 8, {})).toBeNull();
    expect(relaunchFlags(['tune', 'storm', '--workers', 'lots'], [], 8, {})).toBeNull();
    expect(relaunchFlags(['tune', 'storm', '--workers'], [], 8, {})).toBeNull();
    // A scenario file named like a command is an argument, not the command.
    expect(relaunchFlags(['run', 'tune'], [], 8, {})).toBeNull();
  });

  it('never twice, and only the flags Node was not already given', () => {
    expect(relaunchFlags(['tune', 'storm'], [], 8, { [RELAUNCHED_ENV]: '1' })).toBeNull();
    expect(relaunchFlags(['tune', 'storm'], [...flags], 8, {})).toBeNull();
    expect(relaunchFlags(['tune', 'storm'], [flags[0]!], 8, {})).toEqual(flags.slice(1));
  });

  it('the last --workers counts, as for the command itself; arguments after -- are not flags', () => {
    expect(relaunchFlags(['tune', 'storm', '--workers', '4', '--workers', '1'], [], 8, {})).toBeNull();
    expect(relaunchFlags(['tune', 'storm', '--workers', '1', '--', '--workers', '4'], [], 8, {})).toBeNull();
  });
});
