/**
 * What must hold of any scenario the loader accepts, and of any refusal it gives: the checks the
 * fuzz properties share.
 */
import { ScenarioError, type ScenarioProblem } from '../../src/scenario/errors.js';
import type { ResolvedScenario } from '../../src/scenario/resolved.js';
import { LIMITS } from '../../src/scenario/schema.js';
import type { DocPath } from './scenario-documents.js';

/** A line of a JavaScript stack trace (`    at fn (file:1:2)`). */
export const STACK_TRACE_LINE = /^\s*at\s+(?:\S+\s+\()?(?:file:|node:|\/|[A-Za-z]:\\)[^\n]*:\d+:\d+\)?$/m;

function numbersIn(value: unknown, path: string, found: { path: string; value: number }[]): void {
  if (typeof value === 'number') found.push({ path, value });
  else if (Array.isArray(value)) value.forEach((item, index) => numbersIn(item, `${path}[${index}]`, found));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) numbersIn(item, path === '' ? key : `${path}.${key}`, found);
  }
}

/** Problems with an accepted scenario that would make the engine hang, crash or lie; empty when sane. */
export function insaneParts(scenario: ResolvedScenario): string[] {
  const problems: string[] = [];
  const numbers: { path: string; value: number }[] = [];
  numbersIn({ ...scenario, workload: scenario.workload.map((phase) => ({ ...phase, changes: undefined })) }, '', numbers);
  for (const { path, value } of numbers) {
    // maxWaitMs is Infinity when a strategy has no maximum wait; nothing else may be infinite.
    if (Number.isNaN(value)) problems.push(`${path} is NaN`);
    else if (!Number.isFinite(value) && !path.endsWith('maxWaitMs')) problems.push(`${path} is ${value}`);
  }
  if (!(scenario.durationMs > 0 && scenario.durationMs <= LIMITS.durationMs)) problems.push(`durationMs ${scenario.durationMs}`);
  const b = scenario.batcher;
  if (!(b.debounceTimeoutMs > 0)) problems.push(`debounceTimeoutMs ${b.debounceTimeoutMs}`);
  if (!(b.sweepIntervalMs > 0)) problems.push(`sweepIntervalMs ${b.sweepIntervalMs}`);
  if (!(Number.isInteger(b.maxBatchSize) && b.maxBatchSize >= 1)) problems.push(`maxBatchSize ${b.maxBatchSize}`);
  const users = scenario.simulation.world.users.count;
  if (!(Number.isInteger(users) && users >= 0 && users <= LIMITS.users)) problems.push(`users.count ${users}`);
  const events = scenario.simulation.world.events;
  if (!(Number.isInteger(events.capacity) && events.capacity >= 1 && events.capacity <= LIMITS.events)) problems.push(`events.capacity ${events.capacity}`);
  if (scenario.workload.length === 0) problems.push('no workload phase');
  for (const phase of scenario.workload) {
    if (!(phase.startMs >= 0 && phase.startMs <= phase.endMs && phase.endMs <= scenario.durationMs)) {
      problems.push(`phase ${phase.name} runs ${phase.startMs}..${phase.endMs} in a ${scenario.durationMs} ms scenario`);
    }
  }
  if (!(scenario.sampleIntervalMs >= 1)) problems.push(`sampleIntervalMs ${scenario.sampleIntervalMs}`);
  return problems;
}

/** Problems with a refusal: it must name at least one problem, each with a message a person can read. */
export function badRefusal(error: unknown): string | null {
  if (!(error instanceof ScenarioError)) {
    return `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)} instead of a ScenarioError`;
  }
  if (error.problems.length === 0) return 'a ScenarioError with no problem';
  for (const problem of error.problems) {
    if (typeof problem.message !== 'string' || problem.message.trim() === '') return `a problem without a message at ${problem.path}`;
    if (problem.message.includes('[object Object]')) return `an unreadable message: ${problem.message}`;
  }
  if (STACK_TRACE_LINE.test(error.format())) return 'a stack trace in the message';
  return null;
}

function formatDocPath(path: DocPath): string {
  let text = '';
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  return text;
}

/** Whether one dotted path lies on the other's way (equal, ancestor or descendant). */
function related(a: string, b: string): boolean {
  if (a === '' || b === '') return true;
  const onWay = (short: string, long: string) => long === short || long.startsWith(`${short}.`) || long.startsWith(`${short}[`);
  return onWay(a, b) || onWay(b, a);
}

/**
 * Whether the refusal points at something the mutation touched: a problem at that path, above it or
 * below it, or at a sibling of it (cross-field rules such as min above max, or a capacity below the
 * count, are reported at the other field). A duration change may also be refused as the cost of a
 * phase or of the sweeper, wherever those are written.
 */
export function namesTouchedPath(problems: readonly ScenarioProblem[], touched: readonly DocPath[]): boolean {
  const places = touched.flatMap((path) => [formatDocPath(path), formatDocPath(path.slice(0, -1))]);
  return problems.some(
    (problem) => places.some((place) => related(problem.path, place)) || problem.message.includes('a run allows'),
  );
}
