/**
 * For a two-key grid: the objective as a map in the terminal, rows for the first key's values and
 * columns for the second's. Each cell carries a shade from best (░) to worst (█) quarter, so the map
 * reads in a log without colour too; colour, when on, repeats the shade in green, yellow and red.
 */
import { formatMetricValue } from '../compare/metric-format.js';
import { createPainter, type Painter } from '../report/paint.js';
import type { TuneAnalysis } from './analysis.js';
import { metricMean } from './spread.js';
import { meetsExpectations, type TuneResult } from './tune-result.js';

export interface HeatMapOptions {
  color: boolean;
}

const SHADES = ['░', '▒', '▓', '█'] as const;

/** Quarter (0 best .. 3 worst) of each value among the finite ones; equal values share a quarter. */
export function quarters(values: readonly number[], better: 'lower' | 'higher'): (number | null)[] {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => (better === 'lower' ? a - b : b - a));
  return values.map((value) => {
    if (!Number.isFinite(value)) return null;
    const rank = finite.indexOf(value);
    return Math.min(3, Math.floor((rank * 4) / finite.length));
  });
}

function paintQuarter(paint: Painter, quarter: number, text: string): string {
  if (quarter === 0) return paint.ok(text);
  if (quarter === 3) return paint.bad(text);
  return quarter === 1 ? text : paint.warn(text);
}

export function formatHeatMap(result: TuneResult, analysis: TuneAnalysis, options: HeatMapOptions): string | null {
  const [rowAxis, columnAxis] = result.axes;
  if (result.axes.length !== 2 || rowAxis === undefined || columnAxis === undefined) return null;
  const paint = createPainter(options.color);
  const byIndex = new Map(result.points.map((point) => [point.index, point]));
  const columns = columnAxis.values.length;
  const cellCount = rowAxis.values.length * columns;
  const values = Array.from({ length: cellCount }, (_, index) => {
    const point = byIndex.get(index);
    return point === undefined ? Number.NaN : metricMean(point, analysis.objective.key);
  });
  const shades = quarters(values, analysis.objective.better);
  const texts = values.map((value, index) => {
    const point = byIndex.get(index);
    if (point === undefined) return '·';
    const mark = index === analysis.recommended ? '*' : meetsExpectations(point) ? ' ' : '!';
    return `${formatMetricValue(analysis.objective.unit, value)}${mark}`;
  });
  const cellWidth = Math.max(...texts.map((text) => text.length), ...columnAxis.values.map((v) => v.length)) + 2;
  const labelWidth = Math.max(...rowAxis.values.map((value) => value.length));
  const lines = [
    paint.bold(`${analysis.objective.label} by ${rowAxis.key} (rows) and ${columnAxis.key} (columns)`),
    `${' '.repeat(labelWidth)}  ${columnAxis.values.map((value) => value.padStart(cellWidth)).join(' ')}`,
  ];
  rowAxis.values.forEach((rowValue, row) => {
    const cells = columnAxis.values.map((_, column) => {
      const index = row * columns + column;
      const quarter = shades[index] ?? null;
      const text = (texts[index] ?? '').padStart(cellWidth - 2);
      if (quarter === null) return `  ${text}`;
      return paintQuarter(paint, quarter, `${SHADES[quarter] ?? ' '} ${text}`);
    });
    lines.push(`${rowValue.padStart(labelWidth)}  ${cells.join(' ')}`);
  });
  lines.push(
    paint.dim(`${SHADES.join('')} best to worst quarter; * recommended; ! misses an expectation; · not run (another shard)`),
  );
  return lines.join('\n');
}
