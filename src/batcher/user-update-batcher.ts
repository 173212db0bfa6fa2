/**
 * What every batching strategy offers: the public face of HybridUserUpdateBatcher, whatever its
 * configuration. The engine, the CLI and production code depend on this, not on the class.
 */
import type { ResolvedBatcherConfig } from './config.js';
import type { MarkOptions } from './ports.js';
import type { BatcherStats } from './stats.js';

export interface UserUpdateBatcher {
  /** The settings in force, every default filled in. */
  readonly config: ResolvedBatcherConfig;
  /** Arms the sweeper and the deadlines of users marked while stopped. Idempotent. */
  start(): void;
  /**
   * Stops the timers, processes every user dirty at the call (waiting for a user's processing in
   * flight first), and resolves when no processing is in flight. Leaves no timer on the clock.
   */
  stop(): Promise<void>;
  /** Records a mark; cheap and synchronous. Nothing is processed while the batcher is stopped. */
  markUserAsDirty(userId: string, options: MarkOptions): void;
  /** Processes every dirty user now, in batches; resolves when they have been processed. */
  forceProcessBatch(): Promise<void>;
  /** Forgets the user: cancels its deadlines and pending marks. Returns whether it was known. */
  removeUser(userId: string): boolean;
  getStats(): BatcherStats;
  isRunning(): boolean;
}
