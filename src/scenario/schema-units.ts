/**
 * Zod schemas for values written in human units. Each accepts a bare number (in the internal unit)
 * or a string with a unit, checks bounds after conversion (so `0.5s` and `500` compare alike), and
 * outputs the internal number. The JSON Schema shows editors the same two forms and pattern.
 */
import * as z from 'zod';
import {
  DURATION_HINT,
  DURATION_PATTERN,
  parseDuration,
  parseRatePerSecond,
  parseShare,
  parseSizeDeg,
  RATE_HINT,
  RATE_PATTERN,
  SHARE_HINT,
  SHARE_PATTERN,
  SIZE_HINT,
  SIZE_PATTERN,
  UnitError,
} from './units.js';
import { describeValue } from './zod-messages.js';

interface Bounds {
  /** Smallest allowed value, inclusive unless `minExclusive`. Default 0. */
  min?: number;
  minExclusive?: boolean;
  /** Largest allowed value, inclusive. */
  max?: number;
  /** Why there is a maximum: what the value given would cost. */
  maxReason?: (value: number) => string;
}

function unitSchema(
  hint: string,
  pattern: string,
  parse: (value: string | number) => number,
  formatBound: (value: number) => string,
  description: string,
  bounds: Bounds,
) {
  const expected = (input: unknown): string =>
    input === undefined ? `is required: ${hint}` : `expected ${hint}, got ${describeValue(input)}`;
  return z
    .union([z.number(), z.string().regex(new RegExp(pattern), { error: (issue) => expected(issue.input) })], {
      error: (issue) => expected(issue.input),
    })
    .transform((value, context) => {
      let converted: number;
      try {
        converted = typeof value === 'number' ? value : parse(value);
      } catch (error) {
        if (!(error instanceof UnitError)) throw error;
        context.addIssue({ code: 'custom', message: error.message, input: value });
        return z.NEVER;
      }
      const min = bounds.min ?? 0;
      if (bounds.minExclusive === true ? !(converted > min) : !(converted >= min)) {
        const relation = bounds.minExclusive === true ? 'more than' : 'at least';
        context.addIssue({ code: 'custom', message: `must be ${relation} ${formatBound(min)}, got ${describeValue(value)}`, input: value });
        return z.NEVER;
      }
      if (bounds.max !== undefined && converted > bounds.max) {
        const reason = bounds.maxReason === undefined ? '' : `: ${bounds.maxReason(converted)}`;
        context.addIssue({ code: 'custom', message: `must be at most ${formatBound(bounds.max)}, got ${describeValue(value)}${reason}`, input: value });
        return z.NEVER;
      }
      return converted;
    })
    .meta({ description });
}

function formatMs(ms: number): string {
  if (ms >= 86_400_000 && ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** A duration in ms: `200ms`, `5s`, `2m`, `1m30s`, or a number of ms. */
export function duration(description: string, bounds: Bounds = {}) {
  return unitSchema(DURATION_HINT, DURATION_PATTERN, parseDuration, formatMs, `${description} A duration: 200ms, 5s, 2m, 1m30s; a number is ms.`, bounds);
}

/** A rate per second: `50/s`, `3000/min`, `10Hz`, or a number per second. */
export function rate(description: string, bounds: Bounds = {}) {
  return unitSchema(RATE_HINT, RATE_PATTERN, parseRatePerSecond, (value) => `${value}/s`, `${description} A rate: 50/s, 3000/min, 10Hz; a number is per second.`, bounds);
}

/** A share in 0..1: `5%` or `0.05`. */
export function share(description: string) {
  return unitSchema(SHARE_HINT, SHARE_PATTERN, parseShare, (value) => `${value * 100}%`, `${description} A share: 5% or 0.05.`, {
    max: 1,
  });
}

/** A map size in degrees: `0.5deg`, `20km`, `800m`, or a number of degrees. */
export function size(description: string, bounds: Bounds = {}) {
  return unitSchema(SIZE_HINT, SIZE_PATTERN, parseSizeDeg, (value) => `${value}deg`, `${description} A size: 0.5deg, 20km, 800m; a number is degrees.`, bounds);
}

/** A plain number with bounds, in the same message style. */
export function count(description: string, bounds: { min?: number; max?: number; maxReason?: (value: number) => string } = {}) {
  const min = bounds.min ?? 0;
  let schema = z.number().int().min(min);
  if (bounds.max !== undefined) {
    const max = bounds.max;
    const reason = bounds.maxReason;
    schema = schema.max(max, {
      error: (issue) =>
        `must be at most ${max.toLocaleString('en-US')}, got ${describeValue(issue.input)}` +
        (reason !== undefined && typeof issue.input === 'number' ? `: ${reason(issue.input)}` : ''),
    });
  }
  return schema.meta({ description });
}
