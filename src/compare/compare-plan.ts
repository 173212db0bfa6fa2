/**
 * From a compare command to its runs: one request per variant, each the same file on the same seed
 * with the common overrides, then the variant's own (so a variant wins where they overlap).
 */
import type { RunSummary } from '../metrics/summary.js';
import type { ScenarioOverrides } from '../scenario/overrides.js';
import { runScenarioRequests, type RunScenarioRequestsOptions, type ScenarioRunRequest } from '../tune/scenario-runs.js';
import type { ComparedRun } from './comparison.js';
import type { Variant } from './variant.js';

export function variantRequest(path: string, common: ScenarioOverrides, variant: Variant): ScenarioRunRequest {
  const overrides: ScenarioOverrides = { ...common, set: [...(common.set ?? []), ...variant.set] };
  if (variant.strategy !== null) overrides.strategy = variant.strategy;
  return { path, overrides };
}

export async function runCompare(
  path: string,
  common: ScenarioOverrides,
  variants: readonly Variant[],
  options: RunScenarioRequestsOptions,
): Promise<ComparedRun[]> {
  const summaries: RunSummary[] = await runScenarioRequests(
    variants.map((variant) => variantRequest(path, common, variant)),
    options,
  );
  return variants.map((variant, i) => ({ name: variant.name, summary: summaries[i] as RunSummary }));
}
