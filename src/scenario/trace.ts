/**
 * Reads a replay trace: JSON Lines, one timestamped change per line (the format is documented in
 * docs/scenario-format.md). The whole trace is checked before anything runs; every bad line is
 * reported with its line number, so a run never stops halfway through a trace.
 */
import * as z from 'zod';
import type { Change } from '../world/change.js';
import { EVENT_STATUSES } from '../world/event.js';
import type { ScenarioProblem } from './errors.js';
import { formatPath } from './errors.js';
import { DURATION_HINT, parseDuration, UnitError } from './units.js';
import type { KnownKeys } from './zod-messages.js';
import { describeValue, problemsFromIssues, scenarioErrorMap } from './zod-messages.js';

/** Past this many bad lines the rest are counted, not listed. */
const MAX_LISTED_PROBLEMS = 50;

const finite = z.number();
const viewportSchema = z.union(
  [
    z.strictObject({ minX: finite, minY: finite, maxX: finite, maxY: finite }),
    z.tuple([finite, finite, finite, finite]),
    z.null(),
  ],
  { error: (issue) => `expected a viewport {minX, minY, maxX, maxY}, [minX, minY, maxX, maxY] or null, got ${describeValue(issue.input)}` },
);
const lngLatSchema = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const filterSchema = z.strictObject({
  dateRange: z.strictObject({ start: finite, end: finite }).optional(),
  statuses: z.array(z.enum(EVENT_STATUSES)).optional(),
  categories: z.array(z.string()).optional(),
  location: z
    .strictObject({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180), radius: z.number().min(0) })
    .optional(),
});
const patchSchema = z.strictObject({
  title: z.string().optional(),
  eventDate: finite.optional(),
  endDate: finite.optional(),
  status: z.enum(EVENT_STATUSES).optional(),
  categories: z.array(z.string()).optional(),
  scanCount: z.number().int().min(0).optional(),
  saveCount: z.number().int().min(0).optional(),
});
const eventSchema = z.strictObject({
  id: z.string().min(1),
  location: lngLatSchema,
  title: z.string().optional(),
  eventDate: finite.optional(),
  endDate: finite.optional(),
  status: z.enum(EVENT_STATUSES).optional(),
  categories: z.array(z.string()).optional(),
  isPrivate: z.boolean().optional(),
  creatorId: z.string().optional(),
  sharedWith: z.array(z.string()).optional(),
  scanCount: z.number().int().min(0).optional(),
  saveCount: z.number().int().min(0).optional(),
});

const timing = {
  /** ms (or a duration) since the start of the trace. */
  at: z.union([z.number().min(0), z.string()]).optional(),
  /** An absolute time: ISO 8601 text or epoch ms; the trace starts at its first line's time. */
  time: z.union([z.string(), z.number()]).optional(),
};
const userId = z.string().min(1);
const eventId = z.string().min(1);

const lineSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('connect'), ...timing, userId, viewport: viewportSchema.optional(), filters: z.array(filterSchema).optional() }),
  z.strictObject({ type: z.literal('disconnect'), ...timing, userId }),
  z.strictObject({ type: z.literal('viewport'), ...timing, userId, viewport: viewportSchema }),
  z.strictObject({ type: z.literal('filter'), ...timing, userId, filters: z.array(filterSchema) }),
  z.strictObject({ type: z.literal('event-create'), ...timing, event: eventSchema }),
  z.strictObject({ type: z.literal('event-update'), ...timing, id: eventId, patch: patchSchema }),
  z.strictObject({ type: z.literal('event-move'), ...timing, id: eventId, location: lngLatSchema }),
  z.strictObject({ type: z.literal('event-delete'), ...timing, id: eventId }),
  z.strictObject({ type: z.literal('cache-reload'), ...timing }),
]);
type TraceLine = z.output<typeof lineSchema>;

export const TRACE_LINE_TYPES = lineSchema.options.map((option) => option.shape.type.value);

export interface ParsedTrace {
  changes: Change[];
  problems: ScenarioProblem[];
}

function toViewport(value: z.output<typeof viewportSchema> | undefined): Extract<Change, { type: 'viewport' }>['viewport'] {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return { minX: value[0], minY: value[1], maxX: value[2], maxY: value[3] };
  return value;
}

function toChange(line: TraceLine, atMs: number): Change {
  switch (line.type) {
    case 'connect':
      return { type: 'connect', atMs, userId: line.userId, viewport: toViewport(line.viewport), filters: line.filters ?? [] };
    case 'disconnect':
      return { type: 'disconnect', atMs, userId: line.userId };
    case 'viewport':
      return { type: 'viewport', atMs, userId: line.userId, viewport: toViewport(line.viewport) };
    case 'filter':
      return { type: 'filter', atMs, userId: line.userId, filters: line.filters };
    case 'event-create': {
      const e = line.event;
      return {
        type: 'event-create',
        atMs,
        event: {
          id: e.id,
          title: e.title ?? e.id,
          location: e.location,
          eventDate: e.eventDate ?? atMs,
          ...(e.endDate === undefined ? {} : { endDate: e.endDate }),
          status: e.status ?? 'VERIFIED',
          categories: e.categories ?? [],
          isPrivate: e.isPrivate ?? false,
          creatorId: e.creatorId ?? 'trace',
          sharedWith: e.sharedWith ?? [],
          scanCount: e.scanCount ?? 0,
          saveCount: e.saveCount ?? 0,
        },
      };
    }
    case 'event-update':
      return { type: 'event-update', atMs, event: { id: line.id }, patch: line.patch };
    case 'event-move':
      return { type: 'event-move', atMs, event: { id: line.id }, location: line.location };
    case 'event-delete':
      return { type: 'event-delete', atMs, event: { id: line.id } };
    case 'cache-reload':
      return { type: 'cache-reload', atMs };
  }
}

/** The time of a line: ms since the trace start (`at`), or an absolute time (`time`), or a message. */
function lineTime(line: TraceLine): { kind: 'at' | 'time'; ms: number } | string {
  if (line.at !== undefined && line.time !== undefined) return 'has both "at" and "time"; keep one';
  if (line.at !== undefined) {
    try {
      return { kind: 'at', ms: parseDuration(line.at) };
    } catch (error) {
      if (error instanceof UnitError) return `at: expected ms since the trace start or ${DURATION_HINT}, got ${describeValue(line.at)}`;
      throw error;
    }
  }
  if (line.time !== undefined) {
    const ms = typeof line.time === 'number' ? line.time : Date.parse(line.time);
    if (!Number.isFinite(ms)) return `time: expected ISO 8601 text or epoch ms, got ${describeValue(line.time)}`;
    return { kind: 'time', ms };
  }
  return 'needs a time: "at" (ms since the trace start, or a duration) or "time" (ISO 8601 or epoch ms)';
}

/** Parses a whole trace; `problems` is empty when every line is good. */
export function parseTrace(text: string, sourceName: string): ParsedTrace {
  const changes: Change[] = [];
  const problems: ScenarioProblem[] = [];
  let badLines = 0;
  const report = (line: number, path: string, message: string): void => {
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push({ source: sourceName, line, path, message });
  };
  let timeKind: 'at' | 'time' | null = null;
  let originMs = 0;
  let previousMs = Number.NEGATIVE_INFINITY;
  let previousLine = 0;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const raw = (lines[index] ?? '').trim();
    if (raw === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      badLines++;
      report(lineNumber, '', `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    const known: KnownKeys = new WeakMap();
    const parsed = lineSchema.safeParse(value, { error: scenarioErrorMap(known) });
    if (!parsed.success) {
      badLines++;
      for (const problem of problemsFromIssues(parsed.error.issues, value, known)) {
        report(lineNumber, formatPath(problem.path), problem.message);
      }
      continue;
    }
    const time = lineTime(parsed.data);
    if (typeof time === 'string') {
      badLines++;
      report(lineNumber, '', time);
      continue;
    }
    if (timeKind === null) {
      timeKind = time.kind;
      originMs = time.kind === 'time' ? time.ms : 0;
    } else if (timeKind !== time.kind) {
      badLines++;
      report(lineNumber, time.kind, `uses "${time.kind}" but earlier lines use "${timeKind}"; use one of them throughout`);
      continue;
    }
    const atMs = time.ms - originMs;
    if (atMs < previousMs) {
      badLines++;
      report(lineNumber, time.kind, `is out of order: ${atMs} ms is before line ${previousLine} (${previousMs} ms); sort the trace by time`);
      continue;
    }
    previousMs = atMs;
    previousLine = lineNumber;
    changes.push(toChange(parsed.data, atMs));
  }
  if (badLines > 0 && problems.length >= MAX_LISTED_PROBLEMS) {
    problems.push({ source: sourceName, path: '', message: `${badLines} bad line(s) in all; the first ${MAX_LISTED_PROBLEMS} problems are listed` });
  }
  if (changes.length === 0 && badLines === 0) {
    problems.push({ source: sourceName, path: '', message: 'the trace has no lines; a replay needs at least one change' });
  }
  return { changes, problems };
}
