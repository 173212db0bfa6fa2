/**
 * Loading a scenario: text -> YAML document -> overrides -> schema -> defaults -> cost check. Every
 * problem found on the way is collected and thrown at once as a ScenarioError, each located at its
 * line and column (or at the flag that caused it). Nothing here prints or exits.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, resolve as resolvePath } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { findExcessiveNesting, MAX_FLOW_NESTING } from './nesting.js';
import type { Document } from 'yaml';
import { assessScenarioCost } from './cost-check.js';
import type { ScenarioProblem } from './errors.js';
import { formatPath, ScenarioError } from './errors.js';
import { locate } from './locate.js';
import type { AppliedOverride, ScenarioOverrides } from './overrides.js';
import { applyOverrides, overrideFor } from './overrides.js';
import type { PathedProblem } from './resolve.js';
import { resolveScenario } from './resolve.js';
import type { ResolvedScenario } from './resolved.js';
import { scenarioSchema } from './schema.js';
import type { KnownKeys } from './zod-messages.js';
import { problemsFromIssues, scenarioErrorMap } from './zod-messages.js';

export type { ScenarioOverrides };

/** A hand-written scenario is a few kilobytes; anything this large is a wrong file. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;
/** Traces are machine-written and may be large, but they are held in memory whole. */
export const MAX_TRACE_BYTES = 512 * 1024 * 1024;

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Why a text is not a scenario-like text file (binary garbage), or null when it looks fine. */
function binaryReason(text: string): string | null {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return `it contains a NUL byte at character ${nul + 1}; it looks like a binary file, not YAML`;
  const sample = text.slice(0, 65_536);
  let replacement = 0;
  for (const char of sample) if (char === '\uFFFD') replacement++;
  if (replacement > 8 && replacement > sample.length / 100) return 'it is not valid UTF-8 text; it looks like a binary file, not YAML';
  return null;
}

function nameFrom(sourceName: string): string {
  const base = basename(sourceName);
  const extension = extname(base);
  return (extension === '' ? base : base.slice(0, -extension.length)) || 'scenario';
}

function readTraceFile(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw `cannot read the trace ${path}: no such file`;
  }
  if (size > MAX_TRACE_BYTES) throw `the trace ${path} is ${mebibytes(size)}, above the ${mebibytes(MAX_TRACE_BYTES)} a replay holds in memory; split it`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw `cannot read the trace ${path}: ${error instanceof Error ? error.message : String(error)}`;
  }
  const binary = binaryReason(text);
  if (binary !== null) throw `the trace ${path} is not JSON Lines: ${binary}`;
  return text;
}

/** yaml's messages carry their own position and a code excerpt; the position is ours to print. */
function yamlMessage(message: string): string {
  const firstLine = message.split('\n')[0] ?? message;
  return firstLine.replace(/ at line \d+, column \d+:?$/, '');
}

interface Located {
  document: Document;
  lineCounter: LineCounter;
  applied: readonly AppliedOverride[];
}

function toProblem(problem: PathedProblem, where: Located): ScenarioProblem {
  if (problem.external !== undefined) return problem.external;
  const path = formatPath(problem.path);
  const override = overrideFor(where.applied, problem.path);
  if (override !== undefined) return { source: override.source, path, message: problem.message };
  const position = locate(where.document, where.lineCounter, problem.path, problem.atKey === true);
  return position === undefined
    ? { path, message: problem.message }
    : { path, line: position.line, column: position.column, message: problem.message };
}

/** Problems in file order; those without a line (flags, traces) after them, in the order found. */
function sortProblems(problems: ScenarioProblem[]): ScenarioProblem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => {
      const lineA = a.problem.source === undefined ? (a.problem.line ?? Infinity) : Infinity;
      const lineB = b.problem.source === undefined ? (b.problem.line ?? Infinity) : Infinity;
      if (lineA !== lineB) return lineA - lineB;
      const columnA = a.problem.column ?? 0;
      const columnB = b.problem.column ?? 0;
      return columnA !== columnB ? columnA - columnB : a.index - b.index;
    })
    .map((entry) => entry.problem);
}

/**
 * Parses, validates and resolves a scenario given as text. `sourceName` names it in messages and is
 * where relative trace paths are resolved from. Throws ScenarioError listing every problem.
 */
export function parseScenarioText(text: string, sourceName: string, overrides: ScenarioOverrides = {}): ResolvedScenario {
  const fail: (problems: ScenarioProblem[]) => never = (problems) => {
    throw new ScenarioError(sourceName, sortProblems(problems));
  };
  if (text.length > MAX_SCENARIO_BYTES) {
    fail([{ path: '', message: `the file is ${mebibytes(text.length)}, far above what a scenario needs (at most ${mebibytes(MAX_SCENARIO_BYTES)}); is it the right file?` }]);
  }
  const binary = binaryReason(text);
  if (binary !== null) fail([{ path: '', message: `not a scenario: ${binary}` }]);
  const nesting = findExcessiveNesting(text);
  if (nesting !== null) {
    fail([
      {
        path: '',
        line: nesting.line,
        column: nesting.column,
        message: `YAML nested more than ${MAX_FLOW_NESTING} levels deep ([ and { inside each other); a scenario needs a handful`,
      },
    ]);
  }

  const lineCounter = new LineCounter();
  // logLevel 'error': the library prints nothing itself (a key that is a list, say); every problem
  // reaches the user as one of ours, with its place in the file.
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  if (document.errors.length > 0) {
    fail(
      document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return { path: '', line: position.line, column: position.col, message: `YAML syntax: ${yamlMessage(error.message)}` };
      }),
    );
  }

  const { applied, problems: overrideProblems } = applyOverrides(document, overrides);
  const where: Located = { document, lineCounter, applied };

  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    fail([...overrideProblems, { path: '', message: `YAML: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  if (raw === null || raw === undefined) {
    fail([...overrideProblems, { path: '', line: 1, column: 1, message: 'the file is empty; a scenario needs at least duration and workload' }]);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    fail([
      ...overrideProblems,
      { path: '', line: 1, column: 1, message: `a scenario is a mapping of keys (name, duration, workload, ...), got ${Array.isArray(raw) ? 'a list' : 'a single value'}` },
    ]);
  }

  const known: KnownKeys = new WeakMap();
  const parsed = scenarioSchema.safeParse(raw, { error: scenarioErrorMap(known) });
  if (!parsed.success) {
    const problems = problemsFromIssues(parsed.error.issues, raw, known).map((problem) => toProblem(problem, where));
    fail([...overrideProblems, ...problems]);
  }
  if (overrideProblems.length > 0) fail(overrideProblems);

  const baseDirectory = dirname(resolvePath(sourceName));
  const resolved = resolveScenario(parsed.data, {
    defaultName: nameFrom(sourceName),
    sourcePath: null,
    resolveTracePath: (path) => (isAbsolute(path) ? path : resolvePath(baseDirectory, path)),
    readTrace: readTraceFile,
  });
  if (!resolved.ok) fail(resolved.problems.map((problem) => toProblem(problem, where)));

  const cost = assessScenarioCost(resolved.scenario);
  if (cost.refusals.length > 0) fail(cost.refusals.map((problem) => toProblem(problem, where)));
  return { ...resolved.scenario, warnings: cost.warnings };
}

/** Reads, validates and resolves a scenario file. Throws ScenarioError for anything wrong with it. */
export function loadScenarioFile(path: string, overrides: ScenarioOverrides = {}): ResolvedScenario {
  let size: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new ScenarioError(path, [{ path: '', message: 'is a directory, not a scenario file' }]);
    size = stats.size;
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    throw new ScenarioError(path, [{ path: '', message: 'no such file' }]);
  }
  if (size > MAX_SCENARIO_BYTES) {
    // Checked before reading: a 50 MB file is refused at once, not parsed.
    throw new ScenarioError(path, [
      { path: '', message: `the file is ${mebibytes(size)}, far above what a scenario needs (at most ${mebibytes(MAX_SCENARIO_BYTES)}); is it the right file?` },
    ]);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ScenarioError(path, [{ path: '', message: `cannot read it: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  const scenario = parseScenarioText(text, path, overrides);
  return { ...scenario, sourcePath: resolvePath(path) };
}
