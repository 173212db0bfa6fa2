/** One line of progress for a tune or compare run: `[#######.......] 7/16 runs  12.3 s  about 9 s left`. */
import { formatDurationMs } from '../report/format.js';

export interface ProgressState {
  done: number;
  total: number;
  elapsedMs: number;
  /** Characters between the brackets. */
  width?: number;
  /** What is counted: `runs`, `points`. */
  unit?: string;
}

export function formatProgressBar(state: ProgressState): string {
  const width = state.width ?? 30;
  const share = state.total === 0 ? 1 : Math.min(1, state.done / state.total);
  const filled = Math.round(share * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  let line = `${bar} ${state.done}/${state.total} ${state.unit ?? 'runs'}  ${formatDurationMs(state.elapsedMs)}`;
  if (state.done > 0 && state.done < state.total) {
    // Runs of one grid differ in cost, so this is a rough guide, which the wording admits.
    const leftMs = (state.elapsedMs / state.done) * (state.total - state.done);
    line += `  about ${formatDurationMs(leftMs)} left`;
  }
  return line;
}
