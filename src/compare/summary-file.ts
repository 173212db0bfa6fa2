/**
 * Reading a saved run back: the JSON report `run --json` writes (schemaVersion 1) has the shape of
 * a RunSummary with non-finite numbers as null, so it is checked for the parts diff reads and then
 * used as one. Numbers written as null read back as NaN and print as "-".
 */
import type { RunSummary } from '../metrics/summary.js';

export class SummaryFileError extends Error {
  override readonly name = 'SummaryFileError';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SUPPORTED_SCHEMA_VERSION = 1;

/** `label` names the file in messages. */
export function parseSummaryJson(text: string, label: string): RunSummary {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SummaryFileError(`${label}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (Array.isArray(value)) {
    throw new SummaryFileError(
      `${label}: holds ${value.length} reports (a run of several scenarios); diff compares one run with one run: ` +
        'save each scenario with its own run --json <file>',
    );
  }
  if (!isObject(value)) throw new SummaryFileError(`${label}: expected a JSON object written by batcher-sim run --json`);
  if (value['kind'] === 'batcher-sim-compare' || value['kind'] === 'batcher-sim-tune') {
    throw new SummaryFileError(`${label}: is a ${String(value['kind']).replace('batcher-sim-', '')} report; diff reads the report of one run (run --json)`);
  }
  const version = value['schemaVersion'];
  if (typeof version === 'number' && version > SUPPORTED_SCHEMA_VERSION) {
    throw new SummaryFileError(
      `${label}: schemaVersion ${version} is newer than this batcher-sim reads (${SUPPORTED_SCHEMA_VERSION}); upgrade batcher-sim`,
    );
  }
  const latency = value['latency'];
  const missing = [
    isObject(value['scenario']) ? null : 'scenario',
    isObject(value['counters']) ? null : 'counters',
    isObject(latency) && isObject(latency['overall']) ? null : 'latency.overall',
    isObject(latency) && isObject(latency['byReason']) ? null : 'latency.byReason',
    Array.isArray(value['expectations']) ? null : 'expectations',
  ].filter((key): key is string => key !== null);
  if (missing.length > 0) {
    throw new SummaryFileError(
      `${label}: not a batcher-sim run report (missing ${missing.join(', ')}); write one with batcher-sim run <scenario> --json <file>`,
    );
  }
  return value as unknown as RunSummary;
}
