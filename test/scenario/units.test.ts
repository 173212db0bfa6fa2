import { describe, expect, it } from 'vitest';
import { parseDistanceMetres, parseDuration, parseRatePerSecond, parseShare, parseSizeDeg, UnitError } from '../../src/scenario/units.js';

describe('parseDuration', () => {
  it.each([
    ['200ms', 200],
    ['5s', 5000],
    ['2m', 120_000],
    ['2min', 120_000],
    ['1m30s', 90_000],
    ['1h 30m', 5_400_000],
    ['1.5s', 1500],
    ['.5s', 500],
    ['250us', 0.25],
    ['1d', 86_400_000],
    [' 10 s ', 10_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('takes a bare number as ms', () => {
    expect(parseDuration(150)).toBe(150);
  });

  it('asks for a unit when a quoted number has none', () => {
    expect(() => parseDuration('200')).toThrow('text needs a unit (add one, e.g. "200ms" or "200s")');
  });

  it.each(['fast', '5 seconds', '-5s', '5x', '', 's'])('refuses %j with the accepted forms', (text) => {
    expect(() => parseDuration(text)).toThrow(UnitError);
    expect(() => parseDuration(text)).toThrow('expected a duration such as 200ms, 5s, 2m or 1m30s');
  });

  it('refuses negative and non-finite numbers', () => {
    expect(() => parseDuration(-1)).toThrow(UnitError);
    expect(() => parseDuration(Number.NaN)).toThrow(UnitError);
    expect(() => parseDuration(Number.POSITIVE_INFINITY)).toThrow(UnitError);
  });
});

describe('parseRatePerSecond', () => {
  it.each([
    ['50/s', 50],
    ['3000/min', 50],
    ['120/m', 2],
    ['7200/h', 2],
    ['10Hz', 10],
    ['2/ms', 2000],
    ['0.5/s', 0.5],
  ])('reads %s as %d per second', (text, perSecond) => {
    expect(parseRatePerSecond(text)).toBeCloseTo(perSecond, 12);
  });

  it('takes a bare number as per second', () => {
    expect(parseRatePerSecond(12)).toBe(12);
  });

  it.each(['50', 'fast', '50/fortnight', '/s'])('refuses %j', (text) => {
    expect(() => parseRatePerSecond(text)).toThrow('expected a rate such as 50/s, 3000/min or 10Hz');
  });
});

describe('parseShare', () => {
  it('reads percentages and fractions', () => {
    expect(parseShare('5%')).toBeCloseTo(0.05, 12);
    expect(parseShare('100%')).toBe(1);
    expect(parseShare(0.25)).toBe(0.25);
  });

  it('refuses values outside 0..1', () => {
    expect(() => parseShare(1.5)).toThrow('between 0 and 1');
    expect(() => parseShare('150%')).toThrow('between 0 and 1');
    expect(() => parseShare('half')).toThrow('expected a share such as 5% or 0.05');
  });
});

describe('parseSizeDeg and parseDistanceMetres', () => {
  it('converts km and m to degrees with one factor', () => {
    expect(parseSizeDeg('111.32km')).toBeCloseTo(1, 12);
    expect(parseSizeDeg('0.5deg')).toBe(0.5);
    expect(parseSizeDeg('2°')).toBe(2);
    expect(parseSizeDeg('1113.2m')).toBeCloseTo(0.01, 12);
    expect(parseSizeDeg(0.3)).toBe(0.3);
    expect(() => parseSizeDeg('big')).toThrow('expected a size such as 0.5deg, 20km or 800m');
  });

  it('reads distances in metres', () => {
    expect(parseDistanceMetres('2km')).toBe(2000);
    expect(parseDistanceMetres('500m')).toBe(500);
    expect(() => parseDistanceMetres('2 miles')).toThrow('expected a distance');
  });
});
