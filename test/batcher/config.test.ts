import { describe, expect, it } from 'vitest';
import { DEFAULT_BATCHER_CONFIG, resolveBatcherConfig } from '../../src/batcher/config.js';

describe('resolveBatcherConfig', () => {
  it('fills the design defaults', () => {
    expect(resolveBatcherConfig()).toEqual({
      debounceTimeoutMs: 200,
      sweepIntervalMs: 5000,
      maxBatchSize: 100,
      enableBatching: true,
      maxConcurrentProcessing: 16,
      timerMode: 'wheel',
      debounceEnabled: true,
      sweepEnabled: true,
      maxWaitMs: Number.POSITIVE_INFINITY,
      sweepBatchMode: 'parallel',
    });
    expect(Object.isFrozen(resolveBatcherConfig({}))).toBe(true);
    expect(resolveBatcherConfig({ debounceTimeoutMs: 40, sweepIntervalMs: 150, maxBatchSize: 500 })).toMatchObject({
      debounceTimeoutMs: 40,
      sweepIntervalMs: 150,
      maxBatchSize: 500,
    });
  });

  it.each([
    [{ debounceTimeoutMs: -1 }, RangeError, /debounceTimeoutMs must be a finite number of milliseconds > 0, got -1/],
    [{ debounceTimeoutMs: 0 }, RangeError, /debounceTimeoutMs .* got 0/],
    [{ sweepIntervalMs: Number.NaN }, RangeError, /sweepIntervalMs .* got NaN/],
    [{ sweepIntervalMs: Number.POSITIVE_INFINITY }, RangeError, /sweepIntervalMs .* got Infinity/],
    [{ debounceTimeoutMs: '200' }, TypeError, /debounceTimeoutMs must be a number of milliseconds, got "200"/],
    [{ maxBatchSize: 0 }, RangeError, /maxBatchSize must be an integer >= 1, got 0/],
    [{ maxBatchSize: 2.5 }, RangeError, /maxBatchSize must be an integer >= 1, got 2.5/],
    [{ maxConcurrentProcessing: -3 }, RangeError, /maxConcurrentProcessing must be an integer >= 1, got -3/],
    [{ enableBatching: 'yes' }, TypeError, /enableBatching must be true or false, got "yes"/],
    [{ timerMode: 'heap' }, RangeError, /timerMode must be one of 'wheel', 'per-user', got "heap"/],
    [{ sweepBatchMode: 'serial' }, RangeError, /sweepBatchMode must be one of 'parallel', 'sequential', got "serial"/],
    [{ maxWaitMs: 0 }, RangeError, /maxWaitMs .* got 0/],
    [{ debounceTimout: 100 }, RangeError, /unknown batcher setting debounceTimout/],
    [{ debounceEnabled: false, sweepEnabled: false }, RangeError, /debounceEnabled and sweepEnabled are both false/],
  ])('rejects %j, naming the setting and the value', (config, type, message) => {
    expect(() => resolveBatcherConfig(config as never)).toThrow(type);
    expect(() => resolveBatcherConfig(config as never)).toThrow(message);
  });

  it('treats a max wait below the debounce window as the window, like lodash', () => {
    expect(resolveBatcherConfig({ debounceTimeoutMs: 100, maxWaitMs: 50 }).maxWaitMs).toBe(100);
    expect(resolveBatcherConfig({ maxWaitMs: Number.POSITIVE_INFINITY }).maxWaitMs).toBe(Number.POSITIVE_INFINITY);
  });

  it('accepts a scenario batcher block, strategy key included', () => {
    expect(resolveBatcherConfig({ strategy: 'hybrid', debounceTimeoutMs: 75 } as never).debounceTimeoutMs).toBe(75);
    expect(DEFAULT_BATCHER_CONFIG.debounceTimeoutMs).toBe(200);
  });

  it('allows batching off with neither debounce nor sweep', () => {
    expect(resolveBatcherConfig({ enableBatching: false, debounceEnabled: false, sweepEnabled: false }).enableBatching).toBe(false);
  });
});
