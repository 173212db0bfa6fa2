import { describe, expect, it } from 'vitest';
import { toJUnitXml } from '../../src/report/junit.js';
import { expectation, makeFailingSummary, makeSummary } from '../helpers/summary-fixture.js';
import { childrenNamed, parseXml, type XmlElement } from './parse-xml.js';

function only(element: XmlElement, name: string): XmlElement {
  const found = childrenNamed(element, name);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('toJUnitXml', () => {
  it('writes one test case per expectation and one for consistency, all passing', () => {
    const root = parseXml(toJUnitXml(makeSummary()));
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '3', failures: '0', errors: '0', time: '1.234' });
    const suite = only(root, 'testsuite');
    expect(suite.attributes).toMatchObject({ name: 'storm', tests: '3', failures: '0', errors: '0', skipped: '0' });
    const cases = childrenNamed(suite, 'testcase');
    expect(cases.map((c) => c.attributes['name'])).toEqual([
      'latency.p99 < 5s',
      'processings / marks < 0.5',
      'clients consistent with the server',
    ]);
    for (const testCase of cases) {
      expect(testCase.attributes['classname']).toBe('batcher-sim.storm');
      expect(testCase.children).toEqual([]);
    }
    const properties = childrenNamed(only(suite, 'properties'), 'property');
    const byName = Object.fromEntries(properties.map((p) => [p.attributes['name'], p.attributes['value']]));
    expect(byName).toMatchObject({ seed: '42', strategy: 'hybrid', clock: 'virtual', 'setting.debounceTimeoutMs': '200' });
  });

  it('puts the measured value in the failure message', () => {
    const suite = only(parseXml(toJUnitXml(makeFailingSummary())), 'testsuite');
    expect(suite.attributes).toMatchObject({ tests: '3', failures: '2', errors: '0' });
    const [latency, ratio, consistency] = childrenNamed(suite, 'testcase');
    const failure = only(latency!, 'failure');
    expect(failure.attributes['message']).toBe('expected latency.p99 < 500ms, measured 3.12 s');
    expect(failure.attributes['type']).toBe('ExpectationFailed');
    expect(failure.text).toContain('measured: 3120.5');
    expect(ratio!.children).toEqual([]);
    expect(only(consistency!, 'failure').attributes['message']).toBe("2 of 1000 clients diverged from the server's view");
    expect(only(consistency!, 'failure').text).toContain('user-17: missing [ev-3, ev-9] extra [ev-40] stale []');
  });

  it('reports an interrupted run as an error case', () => {
    const suite = only(parseXml(toJUnitXml(makeSummary({ completed: false, run: { simulatedMs: 12_000 } }))), 'testsuite');
    expect(suite.attributes).toMatchObject({ tests: '4', failures: '0', errors: '1' });
    const last = childrenNamed(suite, 'testcase').at(-1)!;
    expect(last.attributes['name']).toBe('run completed');
    expect(only(last, 'error').attributes['message']).toContain('interrupted at 12.00 s of 1m 00s');
  });

  it('stays well-formed whatever the scenario text contains', () => {
    const nasty = 'a<b & "c" \'d\' > e \u0001';
    const summary = makeSummary({
      scenario: { name: nasty },
      expectations: [expectation({ text: nasty, passed: false })],
    });
    const suite = only(parseXml(toJUnitXml(summary)), 'testsuite');
    expect(suite.attributes['name']).toBe('a<b & "c" \'d\' > e ');
    expect(childrenNamed(suite, 'testcase')[0]!.attributes['name']).toBe('a<b & "c" \'d\' > e ');
  });

  it('writes one suite per run and totals them', () => {
    const root = parseXml(toJUnitXml([makeSummary(), makeFailingSummary()]));
    expect(childrenNamed(root, 'testsuite')).toHaveLength(2);
    expect(root.attributes).toMatchObject({ tests: '6', failures: '2', time: '2.468' });
  });
});
