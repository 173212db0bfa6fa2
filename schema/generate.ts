/**
 * Writes schema/scenario.schema.json from the zod schema (`npm run schema`). Run it after changing
 * src/scenario/schema.ts; test/scenario/json-schema.test.ts fails until the file is regenerated.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchemaText } from '../src/scenario/json-schema.js';

const target = fileURLToPath(new URL('./scenario.schema.json', import.meta.url));
writeFileSync(target, scenarioJsonSchemaText());
process.stdout.write(`wrote ${target}\n`);
