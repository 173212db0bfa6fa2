/**
 * Human units in scenario files and on the command line: durations (`200ms`, `5s`, `2m`, `1h30m`),
 * rates (`50/s`, `3000/min`, `10Hz`), shares (`5%` or `0.05`) and map sizes (`0.5deg`, `20km`).
 *
 * Each parser returns a number in the internal unit (ms, per-second, 0..1, degrees) or throws a
 * UnitError whose message says what was expected; the schema turns that into a problem with a path.
 * The regular expressions are exported so the JSON Schema can give editors the same patterns.
 */

export class UnitError extends Error {
  override readonly name = 'UnitError';
}

const NUMBER = String.raw`\d+(?:\.\d+)?|\.\d+`;

const DURATION_UNITS_MS: Record<string, number> = {
  us: 0.001,
  µs: 0.001,
  ms: 1,
  s: 1000,
  sec: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

// Longest unit names first, so `ms` is not read as `m` followed by garbage.
const DURATION_UNIT = '(?:min|sec|ms|us|µs|s|m|h|d)';
const DURATION_PART = `(?:${NUMBER})\\s*${DURATION_UNIT}`;
/** One or more number+unit parts: `200ms`, `1.5s`, `1m30s`, `2h`. */
export const DURATION_PATTERN = `^\\s*(?:${DURATION_PART}\\s*)+$`;
const DURATION_RE = new RegExp(DURATION_PATTERN);
const DURATION_PART_RE = new RegExp(`(${NUMBER})\\s*(${DURATION_UNIT})`, 'g');

export const DURATION_HINT = 'a duration such as 200ms, 5s, 2m or 1m30s (a bare number is ms)';

/** `200ms` -> 200, `5s` -> 5000, `1m30s` -> 90000; a number is taken as ms. */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') {
    if (!Number.isFinite(text) || text < 0) throw new UnitError(`expected ${DURATION_HINT}, got ${String(text)}`);
    return text;
  }
  const trimmed = text.trim();
  if (/^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$/.test(trimmed)) {
    // Only a YAML number is taken as ms: text (a flag, a quoted value) must say its unit, so that
    // `--duration 30` is not quietly 30 ms when 30 s was meant.
    throw new UnitError(
      `expected a duration with its unit, such as 200ms, 5s, 2m or 1m30s, got "${text}": text needs a unit (add one, e.g. "${trimmed}ms" or "${trimmed}s")`,
    );
  }
  if (!DURATION_RE.test(text)) throw new UnitError(`expected ${DURATION_HINT}, got "${text}"`);
  let totalMs = 0;
  for (const match of text.matchAll(DURATION_PART_RE)) {
    const value = Number(match[1]);
    const factor = DURATION_UNITS_MS[match[2] ?? ''];
    if (factor === undefined) throw new UnitError(`expected ${DURATION_HINT}, got "${text}"`);
    totalMs += value * factor;
  }
  return totalMs;
}

const RATE_UNITS_PER_SECOND: Record<string, number> = {
  ms: 1000,
  s: 1,
  sec: 1,
  second: 1,
  m: 1 / 60,
  min: 1 / 60,
  minute: 1 / 60,
  h: 1 / 3600,
  hour: 1 / 3600,
};
/** `50/s`, `3000/min`, `2/h`, `10Hz`. */
export const RATE_PATTERN = `^\\s*(?:${NUMBER})\\s*(?:/\\s*(?:ms|second|sec|s|minute|min|m|hour|h)|Hz|hz)\\s*$`;
const RATE_RE = new RegExp(`^\\s*(${NUMBER})\\s*(?:/\\s*(ms|second|sec|s|minute|min|m|hour|h)|(Hz|hz))\\s*$`);

export const RATE_HINT = 'a rate such as 50/s, 3000/min or 10Hz (a bare number is per second)';

/** `50/s` -> 50, `3000/min` -> 50, `10Hz` -> 10; a number is taken as per second. */
export function parseRatePerSecond(text: string | number): number {
  if (typeof text === 'number') {
    if (!Number.isFinite(text) || text < 0) throw new UnitError(`expected ${RATE_HINT}, got ${String(text)}`);
    return text;
  }
  const match = RATE_RE.exec(text);
  if (match === null) throw new UnitError(`expected ${RATE_HINT}, got "${text}"`);
  const value = Number(match[1]);
  const factor = match[3] !== undefined ? 1 : RATE_UNITS_PER_SECOND[match[2] ?? ''];
  if (factor === undefined) throw new UnitError(`expected ${RATE_HINT}, got "${text}"`);
  return value * factor;
}

/** `5%`, `12.5%`; a number must lie in 0..1. */
export const SHARE_PATTERN = `^\\s*(?:${NUMBER})\\s*%\\s*$`;
const SHARE_RE = new RegExp(`^\\s*(${NUMBER})\\s*%\\s*$`);
export const SHARE_HINT = 'a share such as 5% or 0.05 (between 0 and 1)';

export function parseShare(text: string | number): number {
  let value: number;
  if (typeof text === 'number') {
    value = text;
  } else {
    const match = SHARE_RE.exec(text);
    if (match === null) throw new UnitError(`expected ${SHARE_HINT}, got "${text}"`);
    value = Number(match[1]) / 100;
  }
  if (!(value >= 0 && value <= 1)) {
    throw new UnitError(`expected ${SHARE_HINT}, got ${typeof text === 'number' ? String(text) : `"${text}"`}`);
  }
  return value;
}

/**
 * Kilometres per degree of latitude (and of longitude at the equator). Sizes given in km are turned
 * into degrees with this one factor: viewports are small enough that the error is a matter of taste.
 */
export const KM_PER_DEGREE = 111.32;

const SIZE_UNITS_DEG: Record<string, number> = {
  deg: 1,
  '°': 1,
  km: 1 / KM_PER_DEGREE,
  m: 1 / (KM_PER_DEGREE * 1000),
};
/** `0.5deg`, `0.5°`, `20km`, `800m`. */
export const SIZE_PATTERN = `^\\s*(?:${NUMBER})\\s*(?:deg|°|km|m)\\s*$`;
const SIZE_RE = new RegExp(`^\\s*(${NUMBER})\\s*(deg|°|km|m)\\s*$`);
export const SIZE_HINT = 'a size such as 0.5deg, 20km or 800m (a bare number is degrees)';

/** A map size in degrees: `0.5deg` -> 0.5, `111.32km` -> 1; a number is taken as degrees. */
export function parseSizeDeg(text: string | number): number {
  if (typeof text === 'number') {
    if (!Number.isFinite(text) || text < 0) throw new UnitError(`expected ${SIZE_HINT}, got ${String(text)}`);
    return text;
  }
  const match = SIZE_RE.exec(text);
  if (match === null) throw new UnitError(`expected ${SIZE_HINT}, got "${text}"`);
  const factor = SIZE_UNITS_DEG[match[2] ?? ''];
  if (factor === undefined) throw new UnitError(`expected ${SIZE_HINT}, got "${text}"`);
  return Number(match[1]) * factor;
}

/** A distance in metres (filter circles): `500m`, `2km`; a number is taken as metres. */
export const DISTANCE_PATTERN = `^\\s*(?:${NUMBER})\\s*(?:km|m)\\s*$`;
const DISTANCE_RE = new RegExp(`^\\s*(${NUMBER})\\s*(km|m)\\s*$`);
export const DISTANCE_HINT = 'a distance such as 500m or 2km (a bare number is metres)';

export function parseDistanceMetres(text: string | number): number {
  if (typeof text === 'number') {
    if (!Number.isFinite(text) || text < 0) throw new UnitError(`expected ${DISTANCE_HINT}, got ${String(text)}`);
    return text;
  }
  const match = DISTANCE_RE.exec(text);
  if (match === null) throw new UnitError(`expected ${DISTANCE_HINT}, got "${text}"`);
  return Number(match[1]) * (match[2] === 'km' ? 1000 : 1);
}
