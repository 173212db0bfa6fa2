/**
 * Where the run is: simulated time against the duration, how fast it goes (simulated seconds per
 * wall second), the phases running now, and when it should end at the current speed.
 */
import { Text } from 'ink';
import { formatDurationMs, formatPercent, formatSpeed } from '../report/format.js';
import { progressBar } from './bar-text.js';
import { useTheme } from './theme.js';

export interface RunProgressProps {
  simulatedMs: number;
  durationMs: number;
  /** Simulated ms per wall ms so far. */
  speed: number;
  activePhases: readonly string[];
  /** 'running' while the run goes on; the end states replace the ETA. */
  state: 'running' | 'stopping' | 'done' | 'interrupted';
  barWidth?: number;
}

/** Wall ms until the end at the current speed; null when it cannot be told yet. */
export function estimateRemainingWallMs(simulatedMs: number, durationMs: number, speed: number): number | null {
  if (!(speed > 0) || !Number.isFinite(speed)) return null;
  return Math.max(0, durationMs - simulatedMs) / speed;
}

export function RunProgress({ simulatedMs, durationMs, speed, activePhases, state, barWidth = 30 }: RunProgressProps) {
  const theme = useTheme();
  const fraction = durationMs > 0 ? simulatedMs / durationMs : 0;
  const remaining = estimateRemainingWallMs(simulatedMs, durationMs, speed);
  const phases = activePhases.length === 0 ? '(none)' : activePhases.join(', ');
  let tail: string;
  if (state === 'running') tail = `ETA ${remaining === null ? '-' : formatDurationMs(remaining)}`;
  else if (state === 'stopping') tail = 'stopping...';
  else if (state === 'interrupted') tail = 'interrupted';
  else tail = 'done';
  return (
    <Text>
      <Text color={theme.accent}>{progressBar(fraction, barWidth)}</Text>
      {` ${formatPercent(Math.min(1, fraction)).padStart(6)}  `}
      {`${formatDurationMs(simulatedMs)} / ${formatDurationMs(durationMs)} simulated  `}
      {`speed ${formatSpeed(speed)}  phase ${phases}  `}
      <Text color={state === 'interrupted' || state === 'stopping' ? theme.warn : undefined}>{tail}</Text>
    </Text>
  );
}
