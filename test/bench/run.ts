/**
 * `npm run bench`: runs every benchmark module in this folder in turn (each exports `run()` and
 * prints its own figures against the goals and a baseline measured in the same run).
 * `npm run bench -- batcher` runs only the modules whose file name contains "batcher".
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((name) => name.endsWith('.ts') && name !== 'run.ts' && !name.startsWith('_'))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();

console.log(`batcher-sim benchmarks on Node ${process.version}, ${modules.length} module(s)\n`);
for (const name of modules) {
  const started = performance.now();
  console.log(`=== ${name}`);
  const mod = (await import(pathToFileURL(join(here, name)).href)) as { run?: () => Promise<void> };
  if (typeof mod.run !== 'function') {
    console.log(`(skipped: ${name} exports no run())\n`);
    continue;
  }
  await mod.run();
  console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
