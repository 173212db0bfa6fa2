/**
 * Where the machine-readable reports go (--json, --junit, --timeseries). Paths are checked before
 * the run, so a typo in a folder name costs nothing; files are written after, even for an
 * interrupted run, so partial results are kept.
 */
import { statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RunSummary } from '../metrics/summary.js';
import { formatJsonReports, toJsonReport } from '../report/json.js';
import { toJUnitXml } from '../report/junit.js';
import { toTimeSeriesNdjson } from '../report/timeseries.js';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';

export interface ReportRequests {
  /** true: JSON to stdout; a string: JSON to that file. */
  json?: string | boolean | undefined;
  junit?: string | undefined;
  timeseries?: string | undefined;
}

interface FileTarget {
  flag: string;
  path: string;
}

function fileTargets(requests: ReportRequests, cwd: string): FileTarget[] {
  const targets: FileTarget[] = [];
  if (typeof requests.json === 'string') targets.push({ flag: '--json', path: resolve(cwd, requests.json) });
  if (requests.junit !== undefined) targets.push({ flag: '--junit', path: resolve(cwd, requests.junit) });
  if (requests.timeseries !== undefined) targets.push({ flag: '--timeseries', path: resolve(cwd, requests.timeseries) });
  return targets;
}

/** Throws a UsageError naming the flag when a report could not be written where asked. */
export function checkReportPaths(requests: ReportRequests, cwd: string): void {
  for (const { flag, path } of fileTargets(requests, cwd)) {
    let isFolder = false;
    try {
      isFolder = statSync(dirname(path)).isDirectory();
    } catch {
      isFolder = false;
    }
    if (!isFolder) throw new UsageError(`${flag} ${path}: the folder ${dirname(path)} does not exist`);
    try {
      if (statSync(path).isDirectory()) throw new UsageError(`${flag} ${path}: that is a folder; give a file name`);
    } catch (error) {
      if (error instanceof UsageError) throw error;
    }
  }
}

export function writeReports(
  summaries: readonly RunSummary[],
  requests: ReportRequests,
  io: CliIo,
  meta: { toolVersion: string; generatedAt: string },
): void {
  if (requests.json !== undefined && requests.json !== false) {
    const text = formatJsonReports(summaries.map((summary) => toJsonReport(summary, meta)));
    if (requests.json === true) io.stdout.write(text);
    else writeFileSync(resolve(io.cwd, requests.json), text);
  }
  if (requests.junit !== undefined) writeFileSync(resolve(io.cwd, requests.junit), toJUnitXml(summaries));
  if (requests.timeseries !== undefined) {
    writeFileSync(resolve(io.cwd, requests.timeseries), toTimeSeriesNdjson(summaries));
  }
}
