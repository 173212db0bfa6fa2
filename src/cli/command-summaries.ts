/**
 * How the general help lists the commands whose modules are heavy (they pull in tables, worker
 * threads, zod): the help shows these lines without loading the modules, and each command's own
 * registration uses the same text, so the two cannot drift apart.
 */
export interface CommandSummary {
  /** Arguments as commander writes them, e.g. `<scenario>` or `<file...>`. */
  readonly args: readonly string[];
  readonly description: string;
}

export const HEAVY_COMMAND_SUMMARIES = {
  compare: {
    args: ['<scenario>'],
    description: 'run one scenario under several strategies or settings on the same seed, side by side',
  },
  diff: {
    args: ['<baseline>', '<new>'],
    description: 'compare two saved run reports metric by metric; exit 1 on a regression',
  },
  tune: {
    args: ['<scenario>'],
    description: 'run every combination of a grid of settings and recommend the cheapest that meets the expectations',
  },
  merge: {
    args: ['<file...>'],
    description: 'join the JSON results of tune --shard jobs into the result of the whole grid',
  },
  calibrate: {
    args: ['<scenario>'],
    description: 'run a scenario, shortened, on the virtual and the real clock and compare the two',
  },
} as const satisfies Record<string, CommandSummary>;

export type HeavyCommandName = keyof typeof HEAVY_COMMAND_SUMMARIES;
