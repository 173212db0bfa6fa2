/**
 * Event-loop lag on a real clock: a timer that re-arms itself every `intervalMs` and reports how
 * late it fired. (The virtual clock reports the lateness of every timer itself, through onLag.)
 */
import type { Clock, TimerHandle } from '../clock/clock.js';

export class LagMonitor {
  private timer: TimerHandle | null = null;
  private dueMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly onLag: (lagMs: number) => void,
    private readonly intervalMs = 20,
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
      // Node fires timers up to ~1 ms late on an idle loop; that is timer granularity, not lag.
      if (lagMs > 1) this.onLag(lagMs);
      this.arm();
    }, this.intervalMs);
  }
}
