/**
 * The worker thread of tune and compare: runs the scenario it is sent (loaded, validated and resolved
 * by the main thread, which has the loader anyway) on the engine, and answers with the RunSummary, a
 * plain object that crosses threads as is. The worker never loads the YAML and schema modules: a
 * thread's start-up is time the other threads wait for on a busy machine.
 */
import { runScenario } from '../engine/run-scenario.js';
import type { RunSummary } from '../metrics/summary.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { serveTasks } from './worker-protocol.js';

serveTasks<ResolvedScenario, RunSummary>((scenario) => runScenario(scenario));
