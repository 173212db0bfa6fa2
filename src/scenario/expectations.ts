/**
 * The `expect` list: readable assertions on the run summary, such as `latency.p99 < 5s`,
 * `latency{reason=viewport_change}.p95 < 300ms`, `divergedClients == 0`, `processings / marks < 0.4`.
 *
 * Every metric name is checked against the catalogue below before the run starts (with a "did you
 * mean"), and thresholds are converted to the metric's unit (ms for times): a typo can never make
 * an assertion pass silently.
 */
import type { MarkReason } from '../batcher/ports.js';
import { MARK_REASONS } from '../batcher/ports.js';
import type { ExpectationResult, RunSummary } from '../metrics/summary.js';
import { LATENCY_STATISTICS, PLAIN_COUNTER_NAMES, readLatencyStatistic, REDIS_COMMAND_NAMES } from '../metrics/summary.js';
import type { LatencyStatistic } from '../metrics/summary.js';
import type { ComparisonOperator, ResolvedExpectation } from './resolved.js';
import { didYouMean } from './suggest.js';
import { parseDuration, parseShare, UnitError } from './units.js';

export class ExpectationSyntaxError extends Error {
  override readonly name = 'ExpectationSyntaxError';
}

/** times are in ms; counts and ratios are plain numbers. */
type MetricUnit = 'time' | 'plain';

const STAT_ALIASES: Record<string, LatencyStatistic> = { 'p99.9': 'p999', median: 'p50' };

/** Metrics that are distributions: they take a statistic (`latency.p99`). */
const DISTRIBUTIONS = ['latency', 'eventLoopLag'] as const;
type Distribution = (typeof DISTRIBUTIONS)[number];

type Counters = RunSummary['counters'];
type PlainCounter = Exclude<keyof Counters, 'redisCommands'>;
type RedisCounter = keyof Counters['redisCommands'];


/** Scalar metrics outside `counters`, by name. */
const OTHER_SCALARS: Record<string, (summary: RunSummary) => number> = {
  divergedClients: (summary) => summary.consistency.divergedClients,
  connectedClients: (summary) => summary.consistency.connectedClients,
  'staleness.maxStaleClients': (summary) => summary.staleness.maxStaleClients,
  'staleness.meanStaleClients': (summary) => summary.staleness.meanStaleClients,
};

/** A metric after parsing: what to read and in which unit. */
type MetricRef =
  | { kind: 'distribution'; name: Distribution; reason: MarkReason | null; stat: LatencyStatistic }
  | { kind: 'scalar'; name: string };

/** Every metric name an expectation may use, as written (distributions with each statistic). */
export function knownMetricNames(): string[] {
  const names: string[] = [];
  for (const distribution of DISTRIBUTIONS) for (const stat of LATENCY_STATISTICS) names.push(`${distribution}.${stat}`);
  for (const reason of MARK_REASONS) for (const stat of LATENCY_STATISTICS) names.push(`latency{reason=${reason}}.${stat}`);
  names.push(...PLAIN_COUNTER_NAMES, ...REDIS_COMMAND_NAMES.map((name) => `redisCommands.${name}`), ...Object.keys(OTHER_SCALARS));
  return names;
}

function scalarNames(): string[] {
  return [...PLAIN_COUNTER_NAMES, ...REDIS_COMMAND_NAMES.map((name) => `redisCommands.${name}`), ...Object.keys(OTHER_SCALARS)];
}

const METRIC_RE = /^([A-Za-z_][\w]*)\s*(?:\{\s*([A-Za-z_]\w*)\s*=\s*([\w-]+)\s*\})?((?:\.[A-Za-z_]\w*(?:\.\d+)?)*)$/;

function parseMetric(text: string): MetricRef {
  const trimmed = text.trim();
  if (trimmed === '') throw new ExpectationSyntaxError('a metric name is missing');
  const match = METRIC_RE.exec(trimmed);
  if (match === null) {
    throw new ExpectationSyntaxError(`"${trimmed}" is not a metric name (for example latency.p99 or processings)`);
  }
  const [, head = '', labelKey, labelValue, tail = ''] = match;
  const segments = tail === '' ? [] : tail.slice(1).split(/\.(?=[A-Za-z_])/);

  if ((DISTRIBUTIONS as readonly string[]).includes(head)) {
    const name = head as Distribution;
    let reason: MarkReason | null = null;
    if (labelKey !== undefined) {
      if (name !== 'latency' || labelKey !== 'reason') {
        throw new ExpectationSyntaxError(`"${trimmed}": only latency takes a label, and only {reason=...}`);
      }
      if (!(MARK_REASONS as readonly string[]).includes(labelValue ?? '')) {
        throw new ExpectationSyntaxError(
          `unknown reason "${labelValue ?? ''}" in "${trimmed}"; expected one of ${MARK_REASONS.join(', ')}${didYouMean(labelValue ?? '', MARK_REASONS)}`,
        );
      }
      reason = labelValue as MarkReason;
    }
    const [statText, ...rest] = segments;
    if (statText === undefined || rest.length > 0) {
      throw new ExpectationSyntaxError(`"${trimmed}" needs one statistic: ${name}.${LATENCY_STATISTICS.join(`, ${name}.`)}`);
    }
    const stat = STAT_ALIASES[statText] ?? ((LATENCY_STATISTICS as readonly string[]).includes(statText) ? (statText as LatencyStatistic) : undefined);
    if (stat === undefined) {
      throw new ExpectationSyntaxError(
        `unknown statistic "${statText}" in "${trimmed}"; expected one of ${LATENCY_STATISTICS.join(', ')}${didYouMean(statText, LATENCY_STATISTICS)}`,
      );
    }
    return { kind: 'distribution', name, reason, stat };
  }

  if (labelKey !== undefined) throw new ExpectationSyntaxError(`"${trimmed}": only latency takes a label`);
  const name = [head, ...segments].join('.');
  const scalars = scalarNames();
  if (scalars.includes(name)) return { kind: 'scalar', name };
  const all = [...scalars, ...DISTRIBUTIONS.map((distribution) => `${distribution}.p99`)];
  throw new ExpectationSyntaxError(`unknown metric "${name}"${didYouMean(name, all) || `; known metrics: ${scalars.join(', ')}, latency.<stat>, eventLoopLag.<stat>`}`);
}

function canonical(ref: MetricRef): string {
  if (ref.kind === 'scalar') return ref.name;
  return `${ref.name}${ref.reason === null ? '' : `{reason=${ref.reason}}`}.${ref.stat}`;
}

function unitOf(ref: MetricRef): MetricUnit {
  return ref.kind === 'distribution' && ref.stat !== 'count' ? 'time' : 'plain';
}

const OPERATOR_RE = /^(.*?)\s*(<=|>=|==|!=|<|>)\s*(.*)$/;

interface ParsedExpression {
  left: MetricRef;
  right: MetricRef | null;
  operator: ComparisonOperator;
  thresholdText: string;
}

function splitExpression(text: string): ParsedExpression {
  const match = OPERATOR_RE.exec(text.trim());
  if (match === null) {
    throw new ExpectationSyntaxError(`"${text}" has no comparison; write it as <metric> <op> <value>, e.g. latency.p99 < 5s`);
  }
  const [, lhs = '', operator = '', thresholdText = ''] = match;
  if (thresholdText.trim() === '') throw new ExpectationSyntaxError(`"${text}" has no value after ${operator}`);
  const parts = lhs.split('/');
  if (parts.length > 2) throw new ExpectationSyntaxError(`"${text}": at most one division (a / b) is allowed`);
  const left = parseMetric(parts[0] ?? '');
  const right = parts.length === 2 ? parseMetric(parts[1] ?? '') : null;
  return { left, right, operator: operator as ComparisonOperator, thresholdText: thresholdText.trim() };
}

function parseThreshold(text: string, unit: MetricUnit, expression: string): number {
  try {
    if (unit === 'time') {
      const numeric = Number(text);
      return text !== '' && Number.isFinite(numeric) ? numeric : parseDuration(text);
    }
    if (text.endsWith('%')) return parseShare(text);
    const value = Number(text.replaceAll('_', ''));
    if (text === '' || !Number.isFinite(value)) throw new UnitError(`expected a number or a percentage, got "${text}"`);
    return value;
  } catch (error) {
    if (error instanceof UnitError) throw new ExpectationSyntaxError(`in "${expression}": ${error.message}`);
    throw error;
  }
}

/** Parses one assertion; throws ExpectationSyntaxError with a message for the user. */
export function parseExpectation(text: string): ResolvedExpectation {
  const expression = splitExpression(text);
  const unit = expression.right === null ? unitOf(expression.left) : 'plain';
  const metric =
    expression.right === null ? canonical(expression.left) : `${canonical(expression.left)} / ${canonical(expression.right)}`;
  return {
    text: text.trim(),
    metric,
    operator: expression.operator,
    threshold: parseThreshold(expression.thresholdText, unit, text.trim()),
  };
}

function readMetric(ref: MetricRef, summary: RunSummary): number {
  if (ref.kind === 'distribution') {
    const stats =
      ref.name === 'eventLoopLag'
        ? summary.eventLoopLag
        : ref.reason === null
          ? summary.latency.overall
          : summary.latency.byReason[ref.reason];
    return readLatencyStatistic(stats, ref.stat);
  }
  const other = OTHER_SCALARS[ref.name];
  if (other !== undefined) return other(summary);
  if (ref.name.startsWith('redisCommands.')) {
    return summary.counters.redisCommands[ref.name.slice('redisCommands.'.length) as RedisCounter];
  }
  return summary.counters[ref.name as PlainCounter];
}

/** The value of a canonical metric expression (as ResolvedExpectation.metric holds) in a summary. */
export function measureMetric(metric: string, summary: RunSummary): number {
  const parts = metric.split(' / ');
  const left = readMetric(parseMetric(parts[0] ?? ''), summary);
  if (parts.length === 1) return left;
  const right = readMetric(parseMetric(parts[1] ?? ''), summary);
  // A ratio over nothing: 0/0 reads as 0 (nothing happened), x/0 as infinity (never met by `<`).
  if (right === 0) return left === 0 ? 0 : Number.POSITIVE_INFINITY;
  return left / right;
}

function compare(measured: number, operator: ComparisonOperator, threshold: number): boolean {
  switch (operator) {
    case '<':
      return measured < threshold;
    case '<=':
      return measured <= threshold;
    case '>':
      return measured > threshold;
    case '>=':
      return measured >= threshold;
    case '==':
      return measured === threshold;
    case '!=':
      return measured !== threshold;
  }
}

/** Each assertion with its measured value and whether it held. */
export function evaluateExpectations(expect: readonly ResolvedExpectation[], summary: RunSummary): ExpectationResult[] {
  return expect.map((expectation) => {
    const measured = measureMetric(expectation.metric, summary);
    return {
      text: expectation.text,
      metric: expectation.metric,
      operator: expectation.operator,
      threshold: expectation.threshold,
      measured,
      passed: compare(measured, expectation.operator, expectation.threshold),
    };
  });
}
