/**
 * The worker thread of tune and compare: loads the requested scenario (file plus overrides) and runs
 * it on the engine, answering with the RunSummary, a plain object that crosses threads as is.
 */
import { runScenario } from '../engine/run-scenario.js';
import type { RunSummary } from '../metrics/summary.js';
import { loadScenarioFile } from '../scenario/load.js';
import type { ScenarioRunRequest } from './scenario-runs.js';
import { serveTasks } from './worker-protocol.js';

serveTasks<ScenarioRunRequest, RunSummary>((request) => runScenario(loadScenarioFile(request.path, request.overrides)));
