/**
 * Number formatting shared by every human-facing reporter (table, progress lines, dashboard).
 * Locale-independent on purpose: the same run must print the same bytes on every machine.
 */

/** 12345.6 -> "12,346". Non-finite values print as "-". */
export function formatInteger(value: number): string {
  if (!Number.isFinite(value)) return '-';
  const rounded = Math.round(value);
  const digits = Math.abs(rounded).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rounded < 0 ? `-${grouped}` : grouped;
}

/** A plain decimal with a fixed number of fraction digits; "-" when not finite. */
export function formatDecimal(value: number, fractionDigits: number): string {
  if (!Number.isFinite(value)) return '-';
  return value.toFixed(fractionDigits);
}

/** A share in 0..1 as a percentage: 0.1234 -> "12.3%". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '-';
  return `${(fraction * 100).toFixed(1)}%`;
}

/**
 * A duration in the unit a person reads fastest: sub-millisecond values keep two decimals, because
 * a virtual-time run measures them exactly and they are often the whole point of a setting.
 */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs === 0) return '0 ms';
  if (abs < 1) return `${sign}${abs.toFixed(2)} ms`;
  if (abs < 10) return `${sign}${abs.toFixed(1)} ms`;
  if (abs < 1000) return `${sign}${Math.round(abs)} ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(2)} s`;
  const totalSeconds = Math.round(abs / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  if (minutes < 60) return `${sign}${minutes}m ${seconds.toString().padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  return `${sign}${hours}h ${(minutes % 60).toString().padStart(2, '0')}m`;
}

/** A rate: below 10 keeps one decimal so slow trickles do not read as zero. */
export function formatPerSecond(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '-';
  if (Math.abs(perSecond) < 10) return `${perSecond.toFixed(1)}/s`;
  return `${formatInteger(perSecond)}/s`;
}

/** How many simulated seconds pass per wall second: 48.8x. */
export function formatSpeed(simulatedMsPerWallMs: number): string {
  if (!Number.isFinite(simulatedMsPerWallMs) || simulatedMsPerWallMs <= 0) return '-';
  if (simulatedMsPerWallMs < 10) return `${simulatedMsPerWallMs.toFixed(2)}x`;
  return `${formatInteger(simulatedMsPerWallMs)}x`;
}

/** Bytes in binary units: 1536 -> "1.5 KiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}
