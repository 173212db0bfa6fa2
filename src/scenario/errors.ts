/**
 * Errors a user causes with a scenario (a bad file, a bad --set, a bad trace). Every problem found is
 * collected and reported at once, each with where it is (file, line, column, path in the document),
 * the bad value and what was expected. These are messages for people, never stack traces.
 */

export interface ScenarioProblem {
  /** Dotted path in the document, e.g. `batcher.debounce` or `workload[1].arrival.rate`; `` for the whole file. */
  path: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  message: string;
  /**
   * Where the bad value came from when it is not the scenario file itself: `--set batcher.x=1`, or a
   * replay trace file. The file's name is used otherwise.
   */
  source?: string;
}

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';

  constructor(
    /** The file (or label) the scenario came from. */
    readonly sourceName: string,
    readonly problems: readonly ScenarioProblem[],
  ) {
    super(summarise(sourceName, problems));
  }

  /** One problem per line: `file:line:col  path  message`. */
  format(): string {
    return this.problems.map((problem) => formatProblem(this.sourceName, problem)).join('\n');
  }
}

export function formatProblem(sourceName: string, problem: ScenarioProblem): string {
  let where = problem.source ?? sourceName;
  if (problem.line !== undefined) {
    where += `:${problem.line}`;
    if (problem.column !== undefined) where += `:${problem.column}`;
  }
  const path = problem.path === '' ? '(file)' : problem.path;
  return `${printable(where)}  ${printable(path)}  ${printable(problem.message)}`;
}

/**
 * Control characters from the user's file (a key that holds a tab or a line break) shown as escapes,
 * so that each problem stays on its one line and the terminal prints what the file holds.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (char) => {
    switch (char) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}

function summarise(sourceName: string, problems: readonly ScenarioProblem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return `${printable(sourceName)}: ${count}\n${problems.map((problem) => formatProblem(sourceName, problem)).join('\n')}`;
}

/** Formats a document path the way users read it: `workload[1].arrival.rate`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}
