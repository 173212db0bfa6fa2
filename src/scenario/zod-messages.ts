/**
 * Turns zod's validation issues into the messages a person writing a scenario needs: what was
 * expected, the bad value, and a "did you mean" for typos in keys and names. Zod's own wording
 * ("Invalid input: expected number, received string") is replaced everywhere.
 */
import * as z from 'zod';
import { didYouMean } from './suggest.js';

type RawIssue = z.core.$ZodRawIssue;

/** A value as it appears in a message: strings quoted and shortened, containers named. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

const EXPECTED_TYPES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
  null: 'nothing',
};

function expectedType(expected: string): string {
  return EXPECTED_TYPES[expected] ?? expected;
}

function bound(value: number | bigint): string {
  return typeof value === 'bigint' ? value.toString() : value.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/**
 * Known keys of the mappings that had unknown keys, by the mapping's own input object; the error map
 * fills it (it sees the schema), `problemsFromIssues` reads it (it sees the path).
 */
export type KnownKeys = WeakMap<object, readonly string[]>;

/** The per-parse error map: pass it as `schema.safeParse(input, { error: scenarioErrorMap(known) })`. */
export function scenarioErrorMap(known: KnownKeys): z.core.$ZodErrorMap {
  return (issue: RawIssue) => {
    switch (issue.code) {
      case 'invalid_type':
        if (issue.input === undefined) return `is required: ${expectedType(issue.expected)}`;
        return `expected ${expectedType(issue.expected)}, got ${describeValue(issue.input)}`;
      case 'invalid_value': {
        const values = issue.values.map((value) => JSON.stringify(value));
        const typo = typeof issue.input === 'string' ? didYouMean(issue.input, issue.values.map(String)) : '';
        if (values.length === 1) return `expected ${values[0]}, got ${describeValue(issue.input)}`;
        return `expected one of ${values.join(', ')}, got ${describeValue(issue.input)}${typo}`;
      }
      case 'too_small':
        if (issue.origin === 'array') return `needs at least ${bound(issue.minimum)} item(s), got ${describeValue(issue.input)}`;
        if (issue.origin === 'string') return 'must not be empty';
        return `must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${bound(issue.minimum)}, got ${describeValue(issue.input)}`;
      case 'too_big':
        if (issue.origin === 'array') return `allows at most ${bound(issue.maximum)} item(s), got ${describeValue(issue.input)}`;
        if (issue.origin === 'string') return `must be at most ${bound(issue.maximum)} characters long`;
        return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${bound(issue.maximum)}, got ${describeValue(issue.input)}`;
      case 'unrecognized_keys': {
        const input = issue.input;
        const inst = issue.inst;
        if (input !== null && typeof input === 'object' && inst instanceof z.ZodObject) {
          known.set(input, Object.keys(inst.shape));
        }
        return `unknown key(s) ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
      }
      case 'invalid_union': {
        const rawOptions: unknown = 'options' in issue ? issue.options : undefined;
        if (issue.discriminator !== undefined && Array.isArray(rawOptions)) {
          const input = issue.input;
          const value =
            input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[issue.discriminator] : undefined;
          const options = rawOptions.map(String);
          if (value === undefined) return `is required: one of ${options.join(', ')}`;
          const typo = typeof value === 'string' ? didYouMean(value, options) : '';
          return `unknown ${issue.discriminator} ${describeValue(value)}; expected one of ${options.join(', ')}${typo}`;
        }
        return `got ${describeValue(issue.input)}, which matches none of the accepted forms`;
      }
      case 'invalid_format':
        return `got ${describeValue(issue.input)}, which is not in the expected format`;
      case 'not_multiple_of':
        return `must be a multiple of ${issue.divisor}, got ${describeValue(issue.input)}`;
      default:
        return undefined;
    }
  };
}

export interface PathProblem {
  path: PropertyKey[];
  message: string;
  /** True when the problem is the key itself (an unknown key), not its value. */
  atKey: boolean;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

/** A union branch that failed only because the value had another type altogether. */
function wrongTypeOnly(branch: readonly z.core.$ZodIssue[]): boolean {
  return branch.every(
    (issue) =>
      issue.path.length === 0 &&
      (issue.code === 'invalid_type' ||
        (issue.code === 'invalid_union' && issue.errors.length > 0 && issue.errors.every(wrongTypeOnly))),
  );
}

/**
 * One problem per issue, and one per unknown key (each with its own position and suggestion). When
 * a value fits the type of exactly one form of a union (a mapping where a duration or a mapping is
 * allowed), the problems inside that form are the useful ones, not "matches none of the forms".
 */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  known: KnownKeys,
  prefix: readonly PropertyKey[] = [],
): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const original of issues) {
    const issue = prefix.length === 0 ? original : { ...original, path: [...prefix, ...original.path] };
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const plausible = issue.errors.filter((branch) => !wrongTypeOnly(branch));
      if (plausible.length === 1) {
        problems.push(...problemsFromIssues(plausible[0]!, input, known, issue.path));
        continue;
      }
    }
    if (issue.code === 'unrecognized_keys') {
      const owner = valueAt(input, issue.path);
      const keys = owner !== null && typeof owner === 'object' ? (known.get(owner) ?? []) : [];
      for (const key of issue.keys) {
        const typo = didYouMean(key, keys);
        const help = typo !== '' ? typo : keys.length > 0 ? `; expected one of ${keys.join(', ')}` : '';
        problems.push({ path: [...issue.path, key], message: `unknown key "${key}"${help}`, atKey: true });
      }
      continue;
    }
    problems.push({ path: [...issue.path], message: issue.message, atKey: false });
  }
  return problems;
}
