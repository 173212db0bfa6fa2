import { describe, expect, it } from 'vitest';
import { FlagError } from '../../src/compare/flag-error.js';
import { collectVariants, parseStrategyList, parseVariant } from '../../src/compare/variant.js';

describe('variants', () => {
  it('makes one variant per strategy, named after it', () => {
    expect(parseStrategyList('hybrid, debounce,sweep')).toEqual([
      { name: 'hybrid', strategy: 'hybrid', set: [] },
      { name: 'debounce', strategy: 'debounce', set: [] },
      { name: 'sweep', strategy: 'sweep', set: [] },
    ]);
  });

  it('rejects an unknown strategy naming the flag, the value and the choices', () => {
    expect(() => parseStrategyList('hybrid,turbo')).toThrow(FlagError);
    expect(() => parseStrategyList('hybrid,turbo')).toThrow(
      '--strategy "turbo": expected a comma-separated list of strategies from hybrid, debounce, debounce-maxwait, sweep, immediate',
    );
  });

  it('parses a named variant of overrides, taking the strategy out', () => {
    expect(parseVariant('tuned:batcher.debounceTimeoutMs=40,batcher.sweepIntervalMs=150ms,strategy=hybrid')).toEqual({
      name: 'tuned',
      strategy: 'hybrid',
      set: ['batcher.debounceTimeoutMs=40', 'batcher.sweepIntervalMs=150ms'],
    });
    expect(parseVariant('old:batcher.strategy=debounce')).toEqual({ name: 'old', strategy: 'debounce', set: [] });
  });

  it.each(['tuned', ':a=1', 'tuned:', 'tuned:a', 'tuned:a=', 'tuned:a=1,,b=2', 'x:strategy=turbo'])(
    'rejects the malformed variant %j',
    (text) => {
      expect(() => parseVariant(text)).toThrow(FlagError);
      expect(() => parseVariant(text)).toThrow(/^--variant /);
    },
  );

  it('lists strategies first, then variants, and refuses repeated names', () => {
    const variants = collectVariants(['hybrid,sweep'], ['tuned:batcher.debounceTimeoutMs=40']);
    expect(variants.map((v) => v.name)).toEqual(['hybrid', 'sweep', 'tuned']);
    expect(() => collectVariants(['hybrid'], ['hybrid:batcher.debounceTimeoutMs=40'])).toThrow(/--variant "hybrid"/);
    expect(() => collectVariants([], [])).toThrow(/at least one of --strategy/);
  });
});
