/**
 * The hand-off between the engine's callbacks and React: the CLI publishes snapshots and the final
 * summary here; components read the latest state through useRunFeed. Publishing only stores and
 * notifies, so the engine is never held up by rendering; Ink's frame cap decides when to paint.
 */
import type { RunSnapshot } from '../engine/snapshot.js';
import type { RunSummary } from '../metrics/summary.js';

export interface RunFeedState {
  snapshot: RunSnapshot | null;
  summary: RunSummary | null;
  /** Set as soon as the person asked to stop, before the engine has wound down. */
  stopping: boolean;
}

export class RunFeed {
  private state: RunFeedState = { snapshot: null, summary: null, stopping: false };
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getState = (): RunFeedState => this.state;

  publishSnapshot(snapshot: RunSnapshot): void {
    this.update({ ...this.state, snapshot });
  }

  markStopping(): void {
    if (!this.state.stopping) this.update({ ...this.state, stopping: true });
  }

  finish(summary: RunSummary): void {
    this.update({ ...this.state, summary });
  }

  private update(next: RunFeedState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
