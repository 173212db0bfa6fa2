/**
 * The JSON Schema of scenario files, generated from the zod schema that validates them, so editors
 * with a YAML language server complete and check exactly what the loader accepts. It describes the
 * input form (units as text), not the resolved numbers. `npm run schema` writes it to
 * schema/scenario.schema.json; a test fails when the committed file is out of date.
 */
import * as z from 'zod';
import { scenarioSchema } from './schema.js';

export function scenarioJsonSchema(): Record<string, unknown> {
  // draft-07: the newest draft that every YAML language server in use understands fully.
  return z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-07', unrepresentable: 'throw' });
}

/** The file's exact text: stable key order, two-space indent, a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
