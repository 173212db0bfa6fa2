/**
 * Replay traces with bad lines among good ones: the run is refused before it starts, every bad line
 * (up to the listed fifty) is reported against the trace file with its line number, and no good
 * line is blamed. A trace with only good lines loads every one of them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './cli-harness.js';
import { fuzzParameters, fuzzTimeoutMs } from './fuzz-runs.js';
import { STACK_TRACE_LINE } from './scenario-invariants.js';

/** A line that is good wherever it stands, given its time. */
function goodLine(kind: number, atMs: number, n: number): string {
  const lines = [
    { type: 'connect', userId: `trace-user-${n}`, viewport: [2.3, 48.8, 2.4, 48.9] },
    { type: 'viewport', userId: `trace-user-${n}`, viewport: { minX: 2.3, minY: 48.8, maxX: 2.35, maxY: 48.85 } },
    { type: 'filter', userId: `trace-user-${n}`, filters: [{ statuses: ['VERIFIED'] }] },
    { type: 'event-create', event: { id: `trace-event-${n}`, location: [2.35, 48.85] } },
    { type: 'event-update', id: `trace-event-${n}`, patch: { scanCount: 3 } },
    { type: 'event-move', id: `trace-event-${n}`, location: [2.36, 48.86] },
    { type: 'event-delete', id: `trace-event-${n}` },
    { type: 'disconnect', userId: `trace-user-${n}` },
    { type: 'cache-reload' },
  ];
  return JSON.stringify({ at: atMs, ...lines[kind % lines.length] });
}

/** Lines that are bad wherever they stand (out-of-order ones are made where a good line came first). */
const BAD_LINES = [
  'not json',
  '{"at": 5, "type": "viewprot", "userId": "a"}',
  '{"at": 5, "type": "viewport", "userId": "a", "viewport": [1, 2, 3]}',
  '{"at": 5, "type": "event-move", "id": "e", "location": [500, 0]}',
  '{"type": "cache-reload"}',
  '{"at": 5, "time": 3, "type": "cache-reload"}',
  '{"at": -5, "type": "cache-reload"}',
  '{"at": "soon", "type": "cache-reload"}',
  '{"at": 5, "type": "disconnect", "user": "a"}',
  '[1, 2, 3]',
  'null',
  '{"at": 5}',
  '{"at": 5, "type": "connect", "userId": ""}',
  '{"at": 5, "type": "event-update", "id": "e", "patch": {"scanCount": -1}}',
  '\u0007\u0001',
  '{"at": 1e999, "type": "cache-reload"',
];

type TraceEntry = { kind: 'good'; type: number } | { kind: 'bad'; text: number } | { kind: 'out-of-order' } | { kind: 'blank' };

const traceEntry: fc.Arbitrary<TraceEntry> = fc.oneof(
  { weight: 6, arbitrary: fc.nat().map((type) => ({ kind: 'good' as const, type })) },
  { weight: 2, arbitrary: fc.nat().map((text) => ({ kind: 'bad' as const, text })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'out-of-order' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'blank' as const }) },
);

interface BuiltTrace {
  text: string;
  badLineNumbers: number[];
  goodLines: number;
}

function buildTrace(entries: readonly TraceEntry[]): BuiltTrace {
  const lines: string[] = [];
  const badLineNumbers: number[] = [];
  let goodLines = 0;
  let atMs = 1000;
  let lastAcceptedMs = Number.NEGATIVE_INFINITY;
  for (const [index, entry] of entries.entries()) {
    switch (entry.kind) {
      case 'good':
        atMs += 10;
        lines.push(goodLine(entry.type, atMs, index));
        lastAcceptedMs = atMs;
        goodLines++;
        break;
      case 'bad':
        lines.push(BAD_LINES[entry.text % BAD_LINES.length]!);
        badLineNumbers.push(lines.length);
        break;
      case 'out-of-order':
        // Earlier than the last accepted line; with none after time 0, it is simply in order.
        lines.push(JSON.stringify({ at: 0, type: 'cache-reload' }));
        if (lastAcceptedMs > 0) badLineNumbers.push(lines.length);
        else {
          lastAcceptedMs = 0;
          goodLines++;
        }
        break;
      case 'blank':
        lines.push('');
        break;
    }
  }
  return { text: lines.join('\n'), badLineNumbers, goodLines };
}

describe('replay traces under fuzzing', () => {
  it(
    'refuses a trace with bad lines before anything runs, naming each bad line and no good one',
    async () => {
      const cwd = tempDir();
      writeFileSync(join(cwd, 'replay.yaml'), 'duration: 10s\nworld: { users: { count: 5 }, events: { count: 5 } }\nworkload:\n  - { type: replay, trace: trace.jsonl }\n');
      await fc.assert(
        fc.asyncProperty(fc.array(traceEntry, { minLength: 1, maxLength: 120 }), async (entries) => {
          const trace = buildTrace(entries);
          writeFileSync(join(cwd, 'trace.jsonl'), trace.text);
          const outcome = await runCli(['run', 'replay.yaml', '--quiet'], { cwd });
          expect(STACK_TRACE_LINE.test(outcome.stderr), outcome.stderr).toBe(false);
          if (trace.badLineNumbers.length === 0 && trace.goodLines > 0) {
            expect(outcome.code, outcome.stderr).toBe(0);
            const phase = outcome.runs[0]?.workload[0];
            expect(phase?.type === 'replay' ? phase.changes.length : -1).toBe(trace.goodLines);
            return;
          }
          expect(outcome.code, outcome.stderr).toBe(2);
          expect(outcome.runs).toEqual([]);
          const traceFile = join(cwd, 'trace.jsonl');
          const reported = [...outcome.stderr.matchAll(new RegExp(`${traceFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)`, 'g'))].map((m) =>
            Number(m[1]),
          );
          // Only bad lines are blamed; and every bad one is, unless the list was cut at 50 problems.
          for (const line of reported) expect(trace.badLineNumbers).toContain(line);
          if (!outcome.stderr.includes('bad line(s) in all')) expect([...new Set(reported)]).toEqual(trace.badLineNumbers);
          else expect(reported.length).toBe(50);
        }),
        fuzzParameters(60),
      );
    },
    fuzzTimeoutMs(60, 30),
  );
});
