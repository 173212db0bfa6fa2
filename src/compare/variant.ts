/**
 * What compare runs side by side: each variant is the user's scenario with a strategy and/or some
 * `--set`-style overrides. `--strategy a,b` gives one variant per strategy, named after it;
 * `--variant name:key=value,key=value` gives a named variant with those overrides.
 */
import { STRATEGY_NAMES, type StrategyName } from '../scenario/resolved.js';
import { FlagError } from './flag-error.js';

export interface Variant {
  /** The column heading; unique within a comparison. */
  name: string;
  /** Passed to the loader's `strategy` override; null keeps the scenario's strategy. */
  strategy: StrategyName | null;
  /** `key=value` overrides, applied after the common `--set` ones. */
  set: readonly string[];
}

const STRATEGY_LIST_FORM = `a comma-separated list of strategies from ${STRATEGY_NAMES.join(', ')}`;
const VARIANT_FORM = 'name:key=value[,key=value...], e.g. fast:batcher.debounceTimeoutMs=40,batcher.sweepIntervalMs=150';
// A key (dotted path) and a non-empty value; the loader checks that the key exists and the value fits.
const OVERRIDE = /^[^=\s,]+=\S.*$/;

export function isStrategyName(name: string): name is StrategyName {
  return (STRATEGY_NAMES as readonly string[]).includes(name);
}

export function parseStrategyList(text: string, flag = '--strategy'): Variant[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  if (names.length === 0) throw new FlagError(flag, text, STRATEGY_LIST_FORM);
  return names.map((name) => {
    if (!isStrategyName(name)) throw new FlagError(flag, name, STRATEGY_LIST_FORM);
    return { name, strategy: name, set: [] };
  });
}

export function parseVariant(text: string, flag = '--variant'): Variant {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new FlagError(flag, text, VARIANT_FORM);
  const name = text.slice(0, colon).trim();
  const rest = text.slice(colon + 1).trim();
  if (name.length === 0 || rest.length === 0) throw new FlagError(flag, text, VARIANT_FORM);
  let strategy: StrategyName | null = null;
  const set: string[] = [];
  for (const part of rest.split(',')) {
    const assignment = part.trim();
    if (!OVERRIDE.test(assignment)) throw new FlagError(flag, text, VARIANT_FORM);
    const [key = '', value = ''] = splitAssignment(assignment);
    // The strategy has its own loader override; accept it spelled either way.
    if (key === 'strategy' || key === 'batcher.strategy') {
      if (!isStrategyName(value)) throw new FlagError(flag, text, `${key}= one of ${STRATEGY_NAMES.join(', ')}`);
      strategy = value;
    } else {
      set.push(assignment);
    }
  }
  return { name, strategy, set };
}

function splitAssignment(assignment: string): [string, string] {
  const equals = assignment.indexOf('=');
  return [assignment.slice(0, equals).trim(), assignment.slice(equals + 1).trim()];
}

/** Strategies first, then named variants, in the order given; names must not repeat. */
export function collectVariants(strategyLists: readonly string[], variantTexts: readonly string[]): Variant[] {
  const variants = [
    ...strategyLists.flatMap((list) => parseStrategyList(list)),
    ...variantTexts.map((text) => parseVariant(text)),
  ];
  if (variants.length === 0) {
    throw new FlagError('--strategy', '', `at least one of --strategy a,b,... or --variant ${VARIANT_FORM}`);
  }
  const seen = new Set<string>();
  for (const variant of variants) {
    if (seen.has(variant.name)) {
      throw new FlagError('--variant', variant.name, 'variant names that differ from each other and from the strategies');
    }
    seen.add(variant.name);
  }
  return variants;
}
