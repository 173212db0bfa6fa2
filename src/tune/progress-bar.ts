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

export interface ProgressBarOptions {
  total: number;
  unit?: string;
  /** A terminal: redraw one line in place. Otherwise (CI, pipes): a line now and then. */
  interactive: boolean;
  nowMs: () => number;
  /** Between two lines when not interactive. Default 10 s, like `run`'s progress lines. */
  plainIntervalMs?: number;
}

/** The progress of a batch of runs on a stream: a bar redrawn in place, or a line every 10 s in logs. */
export class ProgressBar {
  private readonly startedAtMs: number;
  private lastLineAtMs: number;
  private done = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly options: ProgressBarOptions,
  ) {
    this.startedAtMs = options.nowMs();
    this.lastLineAtMs = this.startedAtMs;
    if (options.interactive) this.redraw();
  }

  private line(): string {
    return formatProgressBar({
      done: this.done,
      total: this.options.total,
      elapsedMs: this.options.nowMs() - this.startedAtMs,
      ...(this.options.unit === undefined ? {} : { unit: this.options.unit }),
    });
  }

  private redraw(): void {
    // Carriage return and erase-to-end: the bar replaces itself instead of scrolling.
    this.write(`\r${this.line()}\u001b[K`);
  }

  update(done: number): void {
    this.done = done;
    if (this.options.interactive) {
      this.redraw();
      return;
    }
    const now = this.options.nowMs();
    if (now - this.lastLineAtMs >= (this.options.plainIntervalMs ?? 10_000)) {
      this.lastLineAtMs = now;
      this.write(`  ${this.line()}\n`);
    }
  }

  /** Leaves the terminal line clean for what is printed next; logs get a last line with the total time. */
  finish(): void {
    if (this.options.interactive) this.write('\r\u001b[K');
    else this.write(`  ${this.line()}\n`);
  }
}
