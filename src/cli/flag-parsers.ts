/**
 * Parsers for flag values. Each throws commander's InvalidArgumentError with the expected form,
 * and commander prefixes the flag and the value: `option '--seed <n>' argument 'x' is invalid. ...`
 */
import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../scenario/units.js';

export function parseSeedFlag(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError('Expected a whole number >= 0, e.g. --seed 42.');
  }
  return value;
}

export function parseDurationFlag(text: string): number {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (error) {
    throw new InvalidArgumentError(`${error instanceof Error ? error.message : String(error)}.`);
  }
  if (!(ms > 0)) throw new InvalidArgumentError('Expected a duration above zero, e.g. --duration 30s.');
  return ms;
}

export function parseSpeedFlag(text: string): number {
  const value = Number(text.trim().replace(/x$/i, ''));
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(
      'Expected a number above zero: simulated seconds per wall second, e.g. --speed 1 (real pace) or --speed 10.',
    );
  }
  return value;
}

/** --set is repeatable: each `key=value` is kept, in order, for the scenario loader to apply. */
export function collectSetFlag(text: string, previous: string[]): string[] {
  const equals = text.indexOf('=');
  if (equals <= 0) {
    throw new InvalidArgumentError('Expected key=value with a dotted scenario path, e.g. --set batcher.debounce=150ms.');
  }
  return [...previous, text];
}

/** For repeatable flags: each occurrence is appended to the list. */
export function collectRepeated(value: string, previous: string[]): string[] {
  return [...previous, value];
}
