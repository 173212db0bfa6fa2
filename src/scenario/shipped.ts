/**
 * The scenarios that ship with the package (scenarios/ at the package root), found from this
 * module's own location so it works from src/ (tsx, vitest) and from dist/ after a build alike:
 * both sit two directories below the root.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export interface ShippedScenario {
  /** The file name without `.yaml`: what `batcher-sim run <name>` accepts. */
  name: string;
  path: string;
  /** The file's own one-line description (read when first asked for: finding a file needs none). */
  readonly description: string;
}

export function shippedScenariosDir(): string {
  return fileURLToPath(new URL('../../scenarios/', import.meta.url));
}

function descriptionOf(path: string): string {
  try {
    const document: unknown = parseYaml(readFileSync(path, 'utf8'));
    if (document !== null && typeof document === 'object' && 'description' in document) {
      const description = (document as { description: unknown }).description;
      if (typeof description === 'string') return description.trim().split('\n')[0] ?? '';
    }
  } catch {
    // A broken shipped file is caught by its own test; listing must not fail because of it.
  }
  return '';
}

/** Every shipped scenario, sorted by name. */
export function listShippedScenarios(): ShippedScenario[] {
  const directory = shippedScenariosDir();
  let files: string[];
  try {
    files = readdirSync(directory);
  } catch {
    return [];
  }
  return files
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort()
    .map((name) => {
      const path = join(directory, `${name}.yaml`);
      // Parsing every shipped file took about 55 ms of `run storm`'s start, for a name lookup.
      let description: string | undefined;
      return {
        name,
        path,
        get description(): string {
          description ??= descriptionOf(path);
          return description;
        },
      };
    });
}

/** The path of a shipped scenario by name (with or without `.yaml`), or undefined. */
export function findShippedScenario(name: string): string | undefined {
  const wanted = name.endsWith('.yaml') ? name.slice(0, -'.yaml'.length) : name;
  return listShippedScenarios().find((scenario) => scenario.name === wanted)?.path;
}
