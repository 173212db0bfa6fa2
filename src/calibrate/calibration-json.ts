/**
 * The calibration as a machine reads it: versioned, the rows as compared, and both runs' summaries
 * in full so a later look can go deeper than the table did.
 */
import type { CalibrationRow } from './clock-comparison.js';
import type { CalibrationReport } from './run-calibration.js';
import type { CalibrationTolerance } from './tolerance.js';
import type { RunSummary } from '../metrics/summary.js';

export const CALIBRATION_JSON_SCHEMA_VERSION = 1;

export interface CalibrationJson {
  schemaVersion: typeof CALIBRATION_JSON_SCHEMA_VERSION;
  toolVersion: string;
  generatedAt: string;
  scenario: CalibrationReport['scenario'];
  tolerance: CalibrationTolerance;
  passed: boolean;
  completed: boolean;
  judged: number;
  outside: number;
  realLoopBusyFraction: number | null;
  rows: CalibrationRow[];
  runs: { virtual: RunSummary; real: RunSummary | null };
}

export function toCalibrationJson(report: CalibrationReport, meta: { toolVersion: string; generatedAt: string }): CalibrationJson {
  return {
    schemaVersion: CALIBRATION_JSON_SCHEMA_VERSION,
    toolVersion: meta.toolVersion,
    generatedAt: meta.generatedAt,
    scenario: report.scenario,
    tolerance: report.tolerance,
    passed: report.passed,
    completed: report.completed,
    judged: report.comparison?.judged ?? 0,
    outside: report.comparison?.outside ?? 0,
    realLoopBusyFraction: report.realLoopBusyFraction,
    rows: report.comparison?.rows ?? [],
    runs: { virtual: report.virtual, real: report.real },
  };
}
