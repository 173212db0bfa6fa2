/**
 * The simulator as the CLI sees it: load a scenario, list the shipped ones, run one. Each function
 * imports its module on first use, so `--help` and `--version` never load YAML, zod or the engine.
 */
import type { RunSnapshot } from '../engine/snapshot.js';
import type { RunSummary } from '../metrics/summary.js';
import type { ScenarioOverrides } from '../scenario/overrides.js';
import type { ResolvedScenario } from '../scenario/resolved.js';

export type { ScenarioOverrides };

export interface ShippedScenario {
  name: string;
  path: string;
  description: string;
}

export interface RunScenarioOptions {
  /** Simulated ms per wall ms to play at; undefined runs as fast as possible. */
  speed?: number;
  onSnapshot?: (snapshot: RunSnapshot) => void;
  snapshotIntervalWallMs?: number;
  /** Aborting returns a partial summary with completed: false. */
  signal?: AbortSignal;
}

export interface SimulatorBackend {
  loadScenarioFile(path: string, overrides?: ScenarioOverrides): Promise<ResolvedScenario>;
  listShippedScenarios(): Promise<ShippedScenario[]>;
  runScenario(scenario: ResolvedScenario, options: RunScenarioOptions): Promise<RunSummary>;
}

export const lazySimulatorBackend: SimulatorBackend = {
  async loadScenarioFile(path, overrides) {
    const { loadScenarioFile } = await import('../scenario/load.js');
    return loadScenarioFile(path, overrides);
  },
  async listShippedScenarios() {
    const { listShippedScenarios } = await import('../scenario/shipped.js');
    return listShippedScenarios();
  },
  async runScenario(scenario, options) {
    const { runScenario } = await import('../engine/run-scenario.js');
    return runScenario(scenario, options);
  },
};
