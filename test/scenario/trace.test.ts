import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { parseTrace } from '../../src/scenario/trace.js';

describe('parseTrace', () => {
  it('reads every line type into changes, times counted from the trace start', () => {
    const text = [
      '{"at": 0, "type": "connect", "userId": "alice", "viewport": [2.1, 48.7, 2.2, 48.8], "filters": [{"statuses": ["VERIFIED"]}]}',
      '{"at": "1.5s", "type": "viewport", "userId": "alice", "viewport": {"minX": 2, "minY": 48, "maxX": 3, "maxY": 49}}',
      '',
      '{"at": 2000, "type": "filter", "userId": "alice", "filters": []}',
      '{"at": 2000, "type": "event-create", "event": {"id": "e-new", "location": [2.15, 48.75]}}',
      '{"at": 2100, "type": "event-update", "id": "e-new", "patch": {"status": "EXPIRED", "scanCount": 3}}',
      '{"at": 2200, "type": "event-move", "id": "e-new", "location": [2.16, 48.76]}',
      '{"at": 2300, "type": "event-delete", "id": "e-new"}',
      '{"at": 2400, "type": "cache-reload"}',
      '{"at": 2500, "type": "viewport", "userId": "alice", "viewport": null}',
      '{"at": 3000, "type": "disconnect", "userId": "alice"}',
    ].join('\n');
    const { changes, problems } = parseTrace(text, 'trace.jsonl');
    expect(problems).toEqual([]);
    expect(changes).toEqual([
      { type: 'connect', atMs: 0, userId: 'alice', viewport: { minX: 2.1, minY: 48.7, maxX: 2.2, maxY: 48.8 }, filters: [{ statuses: ['VERIFIED'] }] },
      { type: 'viewport', atMs: 1500, userId: 'alice', viewport: { minX: 2, minY: 48, maxX: 3, maxY: 49 } },
      { type: 'filter', atMs: 2000, userId: 'alice', filters: [] },
      {
        type: 'event-create',
        atMs: 2000,
        event: {
          id: 'e-new',
          title: 'e-new',
          location: [2.15, 48.75],
          eventDate: 2000,
          status: 'VERIFIED',
          categories: [],
          isPrivate: false,
          creatorId: 'trace',
          sharedWith: [],
          scanCount: 0,
          saveCount: 0,
        },
      },
      { type: 'event-update', atMs: 2100, event: { id: 'e-new' }, patch: { status: 'EXPIRED', scanCount: 3 } },
      { type: 'event-move', atMs: 2200, event: { id: 'e-new' }, location: [2.16, 48.76] },
      { type: 'event-delete', atMs: 2300, event: { id: 'e-new' } },
      { type: 'cache-reload', atMs: 2400 },
      { type: 'viewport', atMs: 2500, userId: 'alice', viewport: null },
      { type: 'disconnect', atMs: 3000, userId: 'alice' },
    ]);
  });

  it('takes absolute times relative to the first line', () => {
    const text = [
      '{"time": "2025-03-01T10:00:00.000Z", "type": "cache-reload"}',
      '{"time": "2025-03-01T10:00:02.250Z", "type": "cache-reload"}',
    ].join('\n');
    expect(parseTrace(text, 't').changes.map((change) => change.atMs)).toEqual([0, 2250]);
    const epoch = '{"time": 1700000000000, "type": "cache-reload"}\n{"time": 1700000000100, "type": "cache-reload"}\n';
    expect(parseTrace(epoch, 't').changes.map((change) => change.atMs)).toEqual([0, 100]);
  });

  it('reports every bad line with its number and keeps none of them', () => {
    const text = [
      '{"at": 10, "type": "connect", "userId": "a"}',
      'not json',
      '{"at": 10, "type": "viewprot", "userId": "a"}',
      '{"at": 20, "type": "viewport", "userId": "a", "viewport": [1, 2, 3]}',
      '{"at": 30, "type": "event-move", "id": "e1", "location": [500, 0]}',
      '{"type": "cache-reload"}',
      '{"at": 5, "type": "cache-reload"}',
      '{"at": 40, "time": 3, "type": "cache-reload"}',
      '{"at": 50, "type": "disconnect", "user": "a"}',
      '{"time": 60, "type": "cache-reload"}',
    ].join('\n');
    const { changes, problems } = parseTrace(text, 'bad.jsonl');
    expect(changes).toHaveLength(1);
    expect(problems.map((p) => [p.line, p.path, p.message])).toEqual([
      [2, '', expect.stringMatching(/^not valid JSON \(/)],
      [3, 'type', 'unknown type "viewprot"; expected one of connect, disconnect, viewport, filter, event-create, event-update, event-move, event-delete, cache-reload; did you mean "viewport"?'],
      [4, 'viewport', 'needs at least 4 item(s), got a list of 3'],
      [5, 'location[0]', 'must be at most 180, got 500'],
      [6, '', 'needs a time: "at" (ms since the trace start, or a duration) or "time" (ISO 8601 or epoch ms)'],
      [7, 'at', 'is out of order: 5 ms is before line 1 (10 ms); sort the trace by time'],
      [8, '', 'has both "at" and "time"; keep one'],
      [9, 'userId', 'is required: text'],
      [9, 'user', 'unknown key "user"; did you mean "userId"?'],
      [10, 'time', 'uses "time" but earlier lines use "at"; use one of them throughout'],
    ]);
    expect(problems.every((p) => p.source === 'bad.jsonl')).toBe(true);
  });

  it('refuses an empty trace', () => {
    expect(parseTrace('\n\n', 'empty.jsonl').problems.map((p) => p.message)).toEqual([
      'the trace has no lines; a replay needs at least one change',
    ]);
  });

  it('lists at most 50 problems and counts the rest', () => {
    const text = Array.from({ length: 80 }, () => 'garbage').join('\n');
    const { problems } = parseTrace(text, 'g.jsonl');
    expect(problems).toHaveLength(51);
    expect(problems[50]?.message).toBe('80 bad line(s) in all; the first 50 problems are listed');
  });
});

describe('a replay phase in a scenario file', () => {
  const directory = mkdtempSync(join(tmpdir(), 'batcher-sim-trace-'));

  it('reads the trace next to the scenario', () => {
    writeFileSync(join(directory, 'ok.jsonl'), '{"at": 0, "type": "cache-reload"}\n{"at": 100, "type": "cache-reload"}\n');
    writeFileSync(join(directory, 'ok.yaml'), 'duration: 1s\nworkload:\n  - { type: replay, trace: ok.jsonl, timeScale: 2 }\n');
    const scenario = loadScenarioFile(join(directory, 'ok.yaml'));
    expect(scenario.workload[0]).toMatchObject({ type: 'replay', tracePath: join(directory, 'ok.jsonl'), timeScale: 2 });
    expect(scenario.workload[0]?.type === 'replay' && scenario.workload[0].changes).toHaveLength(2);
  });

  it('reports bad trace lines against the trace file, before anything runs', () => {
    writeFileSync(join(directory, 'bad.jsonl'), '{"at": 0, "type": "cache-reload"}\n{"at": 1, "type": "nope"}\n');
    writeFileSync(join(directory, 'bad.yaml'), 'duration: 1s\nworkload:\n  - { type: replay, trace: bad.jsonl }\n');
    try {
      loadScenarioFile(join(directory, 'bad.yaml'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      expect((error as ScenarioError).format()).toBe(
        `${join(directory, 'bad.jsonl')}:2  type  unknown type "nope"; expected one of connect, disconnect, viewport, filter, event-create, event-update, event-move, event-delete, cache-reload`,
      );
    }
  });

  it('reports a missing trace at the trace key', () => {
    writeFileSync(join(directory, 'missing.yaml'), 'duration: 1s\nworkload:\n  - type: replay\n    trace: nowhere.jsonl\n');
    expect(() => loadScenarioFile(join(directory, 'missing.yaml'))).toThrow(
      `missing.yaml:4:12  workload[0].trace  cannot read the trace ${join(directory, 'nowhere.jsonl')}: no such file`,
    );
  });
});
