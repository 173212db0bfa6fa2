/**
 * The verdict of one run in words and numbers, so the table, the dashboard and JUnit agree on what
 * "passed" means: every expectation met and no client diverged (RunSummary.passed), on a run that
 * reached its end.
 */
import type { RunSummary } from '../metrics/summary.js';

export interface Verdict {
  passed: boolean;
  completed: boolean;
  expectations: number;
  failedExpectations: number;
  divergedClients: number;
  /** One line for people, e.g. `FAILED: 1 of 3 expectations failed; 0 clients diverged`. */
  text: string;
}

export function summarizeVerdict(summary: RunSummary): Verdict {
  const expectations = summary.expectations.length;
  const failedExpectations = summary.expectations.filter((e) => !e.passed).length;
  const divergedClients = summary.consistency.divergedClients;
  const passed = summary.passed && failedExpectations === 0 && divergedClients === 0;
  const expectationPart =
    expectations === 0
      ? 'no expectations'
      : failedExpectations === 0
        ? `${expectations} of ${expectations} expectations met`
        : `${failedExpectations} of ${expectations} expectations failed`;
  const divergencePart =
    divergedClients === 0
      ? 'no client diverged'
      : `${divergedClients} of ${summary.consistency.connectedClients} clients diverged`;
  const prefix = !summary.completed ? 'INTERRUPTED' : passed ? 'PASSED' : 'FAILED';
  return {
    passed,
    completed: summary.completed,
    expectations,
    failedExpectations,
    divergedClients,
    text: `${prefix}: ${expectationPart}; ${divergencePart}`,
  };
}
