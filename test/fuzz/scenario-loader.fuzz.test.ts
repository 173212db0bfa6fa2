/**
 * The scenario loader on random and mutated documents: it accepts a sane scenario or refuses with
 * located, readable problems. It never throws anything else, never hangs, never pollutes prototypes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import type { ResolvedScenario } from '../../src/scenario/resolved.js';
import { fuzzParameters, fuzzTimeoutMs } from './fuzz-runs.js';
import { encode, encoding, mutatedDocument, scenarioText, SEED_DOCUMENTS } from './scenario-documents.js';
import { badRefusal, insaneParts, namesTouchedPath } from './scenario-invariants.js';

type Outcome = { ok: true; scenario: ResolvedScenario } | { ok: false; error: unknown };

function load(text: string): Outcome {
  try {
    return { ok: true, scenario: parseScenarioText(text, 'fuzz.yaml') };
  } catch (error) {
    return { ok: false, error };
  }
}

function describeOutcome(outcome: Outcome): string {
  if (outcome.ok) return `accepted, but: ${insaneParts(outcome.scenario).join('; ')}`;
  return badRefusal(outcome.error) ?? 'a good refusal';
}

describe('the scenario loader under fuzzing', () => {
  it('accepts every seed document as it is (so mutations start from something valid)', () => {
    for (const seed of SEED_DOCUMENTS) {
      for (const form of ['yaml', 'flow-yaml', 'json'] as const) {
        const outcome = load(encode(seed, form));
        expect(outcome.ok, describeOutcome(outcome)).toBe(true);
        if (outcome.ok) expect(insaneParts(outcome.scenario)).toEqual([]);
      }
    }
  });

  it(
    'answers any text with a sane scenario or a ScenarioError of readable problems',
    () => {
      fc.assert(
        fc.property(scenarioText, (text) => {
          const outcome = load(text);
          if (outcome.ok) expect(insaneParts(outcome.scenario)).toEqual([]);
          else expect(badRefusal(outcome.error)).toBeNull();
          expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        }),
        fuzzParameters(150),
      );
    },
    fuzzTimeoutMs(150, 20),
  );

  it(
    'names a place the mutation touched when it refuses a mutated document',
    () => {
      fc.assert(
        fc.property(mutatedDocument, encoding, (mutated, form) => {
          const outcome = load(encode(mutated.document, form));
          if (outcome.ok) {
            expect(insaneParts(outcome.scenario)).toEqual([]);
            return;
          }
          expect(badRefusal(outcome.error)).toBeNull();
          const problems = (outcome.error as ScenarioError).problems;
          expect(
            namesTouchedPath(problems, mutated.touched),
            `touched ${JSON.stringify(mutated.touched)}, problems:\n${(outcome.error as ScenarioError).format()}`,
          ).toBe(true);
        }),
        fuzzParameters(150),
      );
    },
    fuzzTimeoutMs(150, 20),
  );
});
