/**
 * What `run storm`, `run storm.yaml` and `run ./my/storm.yaml` mean: a file when one exists at that
 * path (a bare name also tries name.yaml and name.yml, so the person's own file wins); otherwise,
 * for a bare name, the shipped scenario of that name.
 */
import { statSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { closestMatch } from '../scenario/suggest.js';
import type { ShippedScenario } from './backend.js';
import { UsageError } from './errors.js';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function looksLikeBareName(target: string): boolean {
  return !isAbsolute(target) && !target.includes('/') && !target.includes('\\');
}

export async function resolveScenarioTarget(
  target: string,
  cwd: string,
  listShipped: () => Promise<ShippedScenario[]>,
): Promise<string> {
  const asPath = resolve(cwd, target);
  if (isFile(asPath)) return asPath;
  if (!looksLikeBareName(target)) throw new UsageError(`no scenario file at ${target}`);
  const name = basename(target).replace(/\.ya?ml$/i, '');
  if (name === target) {
    for (const extension of ['.yaml', '.yml']) {
      if (isFile(`${asPath}${extension}`)) return `${asPath}${extension}`;
    }
  }
  const shipped = await listShipped();
  const found = shipped.find((s) => s.name === name);
  if (found !== undefined) return found.path;
  const names = shipped.map((s) => s.name);
  const suggestion = closestMatch(name, names);
  throw new UsageError(
    `no scenario file "${target}" here and no shipped scenario named "${name}"` +
      (suggestion === undefined ? '' : `; did you mean "${suggestion}"?`) +
      `\n  shipped scenarios: ${names.join(', ') || '(none)'} (see batcher-sim list)`,
  );
}
