/** Horizontal bars drawn with block characters, for the progress line and the latency histogram. */
const PARTIAL_BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;

/** A bar `fraction` (clamped to 0..1) of `width` cells long, with eighth-cell resolution. */
export function horizontalBar(fraction: number, width: number): string {
  const cells = Math.max(0, Math.floor(width));
  const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const eighths = Math.round(clamped * cells * 8);
  const full = Math.floor(eighths / 8);
  const partial = PARTIAL_BLOCKS[eighths % 8] ?? '';
  return '█'.repeat(full) + partial;
}

/** A progress bar of exactly `width` cells: filled part, then a light track. */
export function progressBar(fraction: number, width: number): string {
  const cells = Math.max(0, Math.floor(width));
  const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const filled = Math.round(clamped * cells);
  return '█'.repeat(filled) + '░'.repeat(cells - filled);
}
