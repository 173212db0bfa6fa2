/**
 * `--fail-on` rules for diff: what counts as a regression between a baseline and a new run.
 *
 *   latency.p99 > +10%       the new p99 is more than 10% above the baseline's
 *   latency.p99 > +50ms      ... more than 50 ms above (time metrics take a duration unit)
 *   processings >= +1000     ... at least 1000 more processings
 *   marksPerProcessing < -5% ... coalescing fell by more than 5%
 *   passed < 0               the baseline passed and the new run does not
 *
 * The left side is a metric key (see metric-catalog.ts); the right side is a signed change, relative
 * when it ends in `%`, absolute in the metric's unit otherwise. The rule fires when the change from
 * baseline to new run satisfies the comparison.
 */
import { parseDuration, UnitError } from '../scenario/units.js';
import { FlagError } from './flag-error.js';
import { MetricKeyError, resolveMetric, type MetricDefinition } from './metric-catalog.js';

export type RuleOperator = '>' | '>=' | '<' | '<=';

export interface RegressionRule {
  /** As typed. */
  text: string;
  metric: MetricDefinition;
  operator: RuleOperator;
  /** A fraction (0.1 for 10%) when relative, else in the metric's unit (ms for times). */
  threshold: number;
  relative: boolean;
}

export interface RuleOutcome {
  rule: RegressionRule;
  baseline: number;
  candidate: number;
  /** candidate - baseline, or that over |baseline| for relative rules. */
  change: number;
  /** 'regressed' when the rule fired, 'missing' when either side lacks the metric. */
  status: 'ok' | 'regressed' | 'missing';
}

const RULE_FORM = "'<metric> <op> <signed change>' with op one of > >= < <=, e.g. 'latency.p99 > +10%', 'latency.p99 > +50ms', 'processings > +1000' or 'passed < 0'";
const RULE_RE = /^\s*([^<>]+?)\s*(>=|<=|>|<)\s*([+-]?(?:\d+(?:\.\d+)?|\.\d+))\s*([a-zµ%]*)\s*$/;

export function parseRegressionRule(text: string, flag = '--fail-on'): RegressionRule {
  const match = RULE_RE.exec(text);
  if (match === null) throw new FlagError(flag, text, RULE_FORM);
  const [, metricText = '', operatorText = '', numberText = '', unitText = ''] = match;
  let metric: MetricDefinition;
  try {
    metric = resolveMetric(metricText);
  } catch (error) {
    if (error instanceof MetricKeyError) throw new FlagError(flag, text, error.message.replace(/^unknown metric/, 'a known metric, not'));
    throw error;
  }
  const operator = operatorText as RuleOperator;
  const amount = Number(numberText);
  if (unitText === '%') return { text, metric, operator, threshold: amount / 100, relative: true };
  if (unitText === '') return { text, metric, operator, threshold: amount, relative: false };
  if (metric.unit !== 'ms') {
    throw new FlagError(flag, text, `a change in % or a plain number: ${metric.key} is not a time, so "${unitText}" does not apply`);
  }
  try {
    const magnitudeMs = parseDuration(`${Math.abs(amount)}${unitText}`);
    return { text, metric, operator, threshold: amount < 0 ? -magnitudeMs : magnitudeMs, relative: false };
  } catch (error) {
    if (error instanceof UnitError) throw new FlagError(flag, text, `a duration unit (us, ms, s, m) or % after the number`);
    throw error;
  }
}

/** The relative change from baseline to candidate; a change from zero is infinite, zero to zero is none. */
export function relativeChange(baseline: number, candidate: number): number {
  if (!Number.isFinite(baseline) || !Number.isFinite(candidate)) return Number.NaN;
  if (baseline === 0) return candidate === 0 ? 0 : candidate > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return (candidate - baseline) / Math.abs(baseline);
}

function holds(change: number, operator: RuleOperator, threshold: number): boolean {
  switch (operator) {
    case '>':
      return change > threshold;
    case '>=':
      return change >= threshold;
    case '<':
      return change < threshold;
    case '<=':
      return change <= threshold;
  }
}

export function evaluateRule(rule: RegressionRule, baseline: number, candidate: number): RuleOutcome {
  if (!Number.isFinite(baseline) || !Number.isFinite(candidate)) {
    return { rule, baseline, candidate, change: Number.NaN, status: 'missing' };
  }
  const change = rule.relative ? relativeChange(baseline, candidate) : candidate - baseline;
  return { rule, baseline, candidate, change, status: holds(change, rule.operator, rule.threshold) ? 'regressed' : 'ok' };
}
