/**
 * Event-loop lag, measured the same way on both clocks: a probe timer that re-arms itself every
 * `intervalMs` and reports how late it fired, every time (on time as 0). On the virtual clock a probe
 * is late when modelled CPU held the loop past its due time; on the real clock when anything did.
 * The probes are the whole population, so p50 reads "half the probes were at most this late".
 */
import type { Clock, TimerHandle } from '../clock/clock.js';

/**
 * Node fires a timer up to about 1 ms off its due time on an idle loop (timers have a 1 ms
 * resolution); lateness up to this is the timer's granularity, not lag, and counts as on time.
 */
export const TIMER_GRANULARITY_MS = 1;

export const DEFAULT_LAG_PROBE_INTERVAL_MS = 20;

export class LagMonitor {
  private timer: TimerHandle | null = null;
  private dueMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly onLag: (lagMs: number) => void,
    private readonly intervalMs = DEFAULT_LAG_PROBE_INTERVAL_MS,
  ) {}

  start(): void {
    if (this.timer !== null) return;
    this.arm();
  }

  stop(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    this.dueMs = this.clock.now() + this.intervalMs;
    this.timer = this.clock.setTimeout(() => {
      const lagMs = this.clock.now() - this.dueMs;
      this.onLag(lagMs > TIMER_GRANULARITY_MS ? lagMs : 0);
      this.arm();
    }, this.intervalMs);
  }
}
