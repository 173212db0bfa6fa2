#!/usr/bin/env node
import { availableParallelism } from 'node:os';
import { relaunchFlags, runRelaunched } from '../dist/cli/relaunch.js';

// tune on several worker threads runs in a Node started with V8 flags of its own
// (src/cli/relaunch.ts says why); everything else runs here.
const flags = relaunchFlags(process.argv.slice(2), process.execArgv, availableParallelism(), process.env);
if (flags === null) {
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(process.argv);
} else {
  process.exitCode = await runRelaunched(flags);
}
