/**
 * How close the two clocks must come for the model to count as calibrated (issue 7): latency
 * percentiles within 10% or 5 ms, whichever is larger, and processing counts within 2%. The
 * virtual run is the model's prediction, so allowances are taken relative to it.
 */
export interface CalibrationTolerance {
  /** Share of the virtual value a latency may differ by. */
  latencyRelative: number;
  /** ...or this many ms, whichever is larger. */
  latencyAbsoluteMs: number;
  /** Share of the virtual value a count may differ by. */
  countRelative: number;
  /**
   * Percentiles of fewer deliveries than this (in either run) are shown but not judged: the p99 of
   * twenty samples is one sample, and one sample is noise.
   */
  minSamplesToJudge: number;
}

export const DEFAULT_CALIBRATION_TOLERANCE: CalibrationTolerance = {
  latencyRelative: 0.1,
  latencyAbsoluteMs: 5,
  countRelative: 0.02,
  minSamplesToJudge: 50,
};

/** Fills the unset fields with the goals and rejects nonsense at once. */
export function resolveCalibrationTolerance(partial: Partial<CalibrationTolerance> = {}): CalibrationTolerance {
  const tolerance = { ...DEFAULT_CALIBRATION_TOLERANCE, ...partial };
  for (const [key, value] of Object.entries(tolerance)) {
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`calibration tolerance ${key} must be a finite number >= 0, got ${String(value)}`);
    }
  }
  return tolerance;
}

/** How far a real latency may be from the virtual one, in ms. */
export function latencyAllowanceMs(virtualMs: number, tolerance: CalibrationTolerance): number {
  return Math.max(Math.abs(virtualMs) * tolerance.latencyRelative, tolerance.latencyAbsoluteMs);
}

/** How far a real count may be from the virtual one (at least zero: equal counts always pass). */
export function countAllowance(virtualCount: number, tolerance: CalibrationTolerance): number {
  return Math.abs(virtualCount) * tolerance.countRelative;
}
