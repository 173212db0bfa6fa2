/**
 * JUnit XML, the format every CI system reads: one <testsuite> per scenario, one <testcase> per
 * expectation and one for client consistency (plus one for completion when the run was cut short),
 * with the measured value in the failure message so the CI page alone says what went wrong.
 */
import type { ExpectationResult, RunSummary } from '../metrics/summary.js';
import { formatDurationMs } from './format.js';
import { formatMetricValue } from './metric-value.js';
import { escapeXml, xmlAttributes } from './xml.js';

interface JUnitCase {
  name: string;
  failure?: { type: string; message: string; details: string };
  error?: { type: string; message: string; details: string };
}

function seconds(ms: number): string {
  return Number.isFinite(ms) ? (ms / 1000).toFixed(3) : '0';
}

function expectationCase(result: ExpectationResult): JUnitCase {
  const measured = formatMetricValue(result.metric, result.measured);
  if (result.passed) return { name: result.text };
  return {
    name: result.text,
    failure: {
      type: 'ExpectationFailed',
      message: `expected ${result.text}, measured ${measured}`,
      details: [
        `metric: ${result.metric}`,
        `operator: ${result.operator}`,
        `threshold: ${result.threshold}`,
        `measured: ${result.measured}`,
      ].join('\n'),
    },
  };
}

function consistencyCase(summary: RunSummary): JUnitCase {
  const { connectedClients, divergedClients, examples } = summary.consistency;
  const name = 'clients consistent with the server';
  if (divergedClients === 0) return { name };
  return {
    name,
    failure: {
      type: 'ClientsDiverged',
      message: `${divergedClients} of ${connectedClients} clients diverged from the server's view`,
      details: examples
        .map(
          (e) =>
            `${e.userId}: missing [${e.missingIds.join(', ')}] extra [${e.extraIds.join(', ')}] stale [${e.staleIds.join(', ')}]`,
        )
        .join('\n'),
    },
  };
}

function completionCase(summary: RunSummary): JUnitCase {
  return {
    name: 'run completed',
    error: {
      type: 'Interrupted',
      message: `interrupted at ${formatDurationMs(summary.run.simulatedMs)} of ${formatDurationMs(summary.scenario.durationMs)} simulated; results are partial`,
      details: '',
    },
  };
}

function casesOf(summary: RunSummary): JUnitCase[] {
  const cases = summary.expectations.map(expectationCase);
  cases.push(consistencyCase(summary));
  if (!summary.completed) cases.push(completionCase(summary));
  return cases;
}

function renderCase(test: JUnitCase, className: string): string {
  const open = `    <testcase${xmlAttributes({ classname: className, name: test.name, time: '0' })}`;
  const problem = test.failure ?? test.error;
  if (problem === undefined) return `${open}/>`;
  const tag = test.failure !== undefined ? 'failure' : 'error';
  return [
    `${open}>`,
    `      <${tag}${xmlAttributes({ message: problem.message, type: problem.type })}>${escapeXml(problem.details)}</${tag}>`,
    '    </testcase>',
  ].join('\n');
}

function renderSuite(summary: RunSummary): { xml: string; tests: number; failures: number; errors: number } {
  const cases = casesOf(summary);
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const errors = cases.filter((c) => c.error !== undefined).length;
  const className = `batcher-sim.${summary.scenario.name}`;
  const properties: [string, string][] = [
    ['seed', String(summary.scenario.seed)],
    ['strategy', summary.scenario.strategy],
    ['clock', summary.scenario.clock],
    ['durationMs', String(summary.scenario.durationMs)],
    ['simulatedMs', String(summary.run.simulatedMs)],
    ['completed', String(summary.completed)],
    ...Object.entries(summary.scenario.settings).map(([k, v]): [string, string] => [`setting.${k}`, String(v)]),
  ];
  const xml = [
    `  <testsuite${xmlAttributes({
      name: summary.scenario.name,
      tests: cases.length,
      failures,
      errors,
      skipped: 0,
      time: seconds(summary.run.wallMs),
    })}>`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property${xmlAttributes({ name, value })}/>`),
    '    </properties>',
    ...cases.map((c) => renderCase(c, className)),
    '  </testsuite>',
  ].join('\n');
  return { xml, tests: cases.length, failures, errors };
}

/** One summary, or several (one suite each, as `run a b c` produces). */
export function toJUnitXml(summaries: RunSummary | readonly RunSummary[]): string {
  const list: readonly RunSummary[] = Array.isArray(summaries) ? summaries : [summaries as RunSummary];
  const suites = list.map(renderSuite);
  const total = (pick: (s: (typeof suites)[number]) => number): number => suites.reduce((n, s) => n + pick(s), 0);
  const wallMs = list.reduce((n, s) => n + s.run.wallMs, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${xmlAttributes({
      name: 'batcher-sim',
      tests: total((s) => s.tests),
      failures: total((s) => s.failures),
      errors: total((s) => s.errors),
      time: seconds(wallMs),
    })}>`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}
