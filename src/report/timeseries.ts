/**
 * The time series as NDJSON: one sample per line, so a long run streams into tools (jq -c, pandas
 * read_json(lines=True), a spreadsheet import) without loading one giant array. Each line names its
 * scenario, so the samples of several runs can share a file.
 */
import type { RunSummary } from '../metrics/summary.js';
import { timeSeriesPointToJson } from './json.js';

export function toTimeSeriesNdjson(summaries: RunSummary | readonly RunSummary[]): string {
  const list: readonly RunSummary[] = Array.isArray(summaries) ? summaries : [summaries as RunSummary];
  const lines: string[] = [];
  for (const summary of list) {
    for (const point of summary.timeSeries) {
      lines.push(JSON.stringify({ scenario: summary.scenario.name, ...timeSeriesPointToJson(point) }));
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
