/**
 * Command-line overrides (`--set batcher.debounceTimeoutMs=100`, `--seed 7`, `--duration 30s`, ...)
 * applied to the YAML document before validation, so an override is checked exactly like the file
 * and a bad one is reported as coming from the flag. Phases can be addressed by index or by name:
 * `workload.1.arrival` or `workload.storm.arrival`; `workload[1].arrival`, the form problems are
 * reported in, works too.
 */
import type { Document } from 'yaml';
import { isMap, isSeq, parse as parseYaml } from 'yaml';
import type { ScenarioProblem } from './errors.js';
import { BATCHER_ALIASES } from './schema.js';
import { closestMatch } from './suggest.js';

export interface ScenarioOverrides {
  /** `path=value` assignments; the value is read as YAML (`100`, `true`, `5s`, `[a, b]`). */
  set?: string[];
  seed?: number;
  durationMs?: number;
  strategy?: string;
  clock?: 'virtual' | 'real';
}

/** A value placed by an override, and the flag to blame when it is wrong. */
export interface AppliedOverride {
  path: PropertyKey[];
  source: string;
}

export interface OverrideResult {
  applied: AppliedOverride[];
  problems: ScenarioProblem[];
}

function readValue(text: string): unknown {
  try {
    return parseYaml(text) as unknown;
  } catch {
    // Not YAML on its own (e.g. `a: b`): take it as the text it is.
    return text;
  }
}

/** `workload[1].arrival` (as problems print paths) and `workload.1.arrival` alike: workload, 1, arrival. */
export function keySegments(key: string): string[] {
  return key.replace(/\[(\d+)\](?=\.|\[|$)/g, '.$1').split('.');
}

/** Turns `workload.storm.rate` into a document path, finding phases by name; or explains why not. */
function resolvePath(document: Document, segments: readonly string[]): PropertyKey[] | string {
  const path: PropertyKey[] = [];
  let node: unknown = document.contents;
  for (const segment of segments) {
    if (segment === '') return 'has an empty segment (two dots in a row?)';
    if (isSeq(node)) {
      let index: number;
      if (/^\d+$/.test(segment)) {
        index = Number(segment);
        if (index >= node.items.length) {
          return `${path.join('.')} has ${node.items.length} item(s) (0..${node.items.length - 1}); there is no ${index}`;
        }
      } else {
        const names = node.items.map((item) => {
          if (!isMap(item)) return undefined;
          const name: unknown = item.get('name') ?? item.get('type');
          return typeof name === 'string' ? name : undefined;
        });
        index = names.indexOf(segment);
        if (index < 0) {
          const known = names.filter((name): name is string => name !== undefined);
          const close = closestMatch(segment, known);
          const hint = close === undefined ? `known: ${known.join(', ') || 'none'}` : `did you mean "${close}"?`;
          return `${path.join('.')} has no item named "${segment}" (${hint})`;
        }
      }
      path.push(index);
      node = node.items[index];
    } else {
      path.push(segment);
      // Descending into a scalar is caught when setting the value.
      node = isMap(node) ? node.get(segment, true) : undefined;
    }
  }
  return path;
}

function setValue(document: Document, path: PropertyKey[], value: unknown): string | null {
  try {
    if (document.contents === null) document.contents = document.createNode({});
    document.setIn(path, document.createNode(value));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  // Two names for one batcher setting: the override wins over whichever name the file used.
  if (path.length === 2 && path[0] === 'batcher') {
    for (const pair of BATCHER_ALIASES) {
      const other = pair[0] === path[1] ? pair[1] : pair[1] === path[1] ? pair[0] : undefined;
      if (other !== undefined) document.deleteIn(['batcher', other]);
    }
  }
  return null;
}

export function applyOverrides(document: Document, overrides: ScenarioOverrides): OverrideResult {
  const applied: AppliedOverride[] = [];
  const problems: ScenarioProblem[] = [];
  const place = (path: PropertyKey[], value: unknown, source: string): void => {
    // Blame the flag for everything it brought into being: a key it created may itself be unknown.
    let created = path;
    for (let length = 1; length <= path.length; length++) {
      if (!document.hasIn(path.slice(0, length))) {
        created = path.slice(0, length);
        break;
      }
    }
    const error = setValue(document, path, value);
    if (error !== null) problems.push({ source, path: path.join('.'), message: `cannot set it: ${error}` });
    else applied.push({ path: created, source });
  };

  for (const assignment of overrides.set ?? []) {
    const source = `--set ${assignment}`;
    const equals = assignment.indexOf('=');
    if (equals <= 0) {
      problems.push({ source, path: '', message: 'expected key=value, e.g. --set batcher.debounceTimeoutMs=100' });
      continue;
    }
    const key = assignment.slice(0, equals).trim();
    const path = resolvePath(document, keySegments(key));
    if (typeof path === 'string') {
      problems.push({ source, path: key, message: path });
      continue;
    }
    place(path, readValue(assignment.slice(equals + 1).trim()), source);
  }
  if (overrides.seed !== undefined) place(['seed'], overrides.seed, `--seed ${overrides.seed}`);
  if (overrides.durationMs !== undefined) place(['duration'], overrides.durationMs, `--duration ${overrides.durationMs}ms`);
  if (overrides.strategy !== undefined) place(['batcher', 'strategy'], overrides.strategy, `--strategy ${overrides.strategy}`);
  if (overrides.clock !== undefined) place(['clock'], overrides.clock, `--clock ${overrides.clock}`);
  return { applied, problems };
}

/** The override that placed the value at `path` (or one of its parents), if any. */
export function overrideFor(applied: readonly AppliedOverride[], path: readonly PropertyKey[]): AppliedOverride | undefined {
  let found: AppliedOverride | undefined;
  for (const override of applied) {
    if (override.path.length <= path.length && override.path.every((segment, i) => String(segment) === String(path[i]))) {
      found = override;
    }
  }
  return found;
}
