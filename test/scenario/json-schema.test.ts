import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema, scenarioJsonSchemaText } from '../../src/scenario/json-schema.js';
import { listShippedScenarios } from '../../src/scenario/shipped.js';

const committed = fileURLToPath(new URL('../../schema/scenario.schema.json', import.meta.url));

describe('the JSON Schema for editors', () => {
  it('is up to date with the zod schema (run `npm run schema` when this fails)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(scenarioJsonSchemaText());
  });

  it('describes the input form: units as text, unknown keys refused', () => {
    const schema = scenarioJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { anyOf?: { type?: string; pattern?: string }[] }>;
    };
    expect(schema.required).toEqual(['duration', 'workload']);
    expect(schema.additionalProperties).toBe(false);
    const forms = schema.properties.duration?.anyOf ?? [];
    expect(forms.map((form) => form.type)).toEqual(['number', 'string']);
    expect(new RegExp(forms[1]?.pattern ?? '^$').test('1m30s')).toBe(true);
  });

  it('is what every shipped scenario points to', () => {
    const shipped = listShippedScenarios();
    expect(shipped.length).toBeGreaterThanOrEqual(7);
    for (const scenario of shipped) {
      const firstLine = readFileSync(scenario.path, 'utf8').split('\n')[0];
      expect(firstLine, scenario.name).toBe('# yaml-language-server: $schema=../schema/scenario.schema.json');
    }
  });
});
