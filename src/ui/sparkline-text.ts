/**
 * Text sparklines: one block character per sample, scaled from zero to the largest value shown,
 * so a flat line at the bottom really means "nothing happening".
 */
const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/** The last `width` values as a sparkline; empty input gives an empty string. */
export function sparkline(values: readonly number[], width: number): string {
  const shown = values.slice(-Math.max(0, Math.floor(width)));
  if (shown.length === 0) return '';
  const max = Math.max(...shown.map((v) => (Number.isFinite(v) ? v : 0)));
  return shown
    .map((value) => {
      if (!(max > 0) || !Number.isFinite(value) || value <= 0) return BLOCKS[0];
      const level = Math.min(BLOCKS.length - 1, Math.ceil((value / max) * (BLOCKS.length - 1)));
      return BLOCKS[level];
    })
    .join('');
}
