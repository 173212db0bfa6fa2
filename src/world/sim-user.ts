/**
 * One connected user: its viewport (also its box in the viewport index), filters, client, what the
 * server last sent it, and the changes on their way to it. Kept small: there may be a million.
 */
import type { Viewport } from '../batcher/ports.js';
import type { UserFilter } from './filter.js';
import { compileFilters, type EventPredicate } from './filter-predicate.js';
import type { PendingChanges } from './pending-changes.js';
import { SimulatedClient } from './simulated-client.js';
import type { GridBox } from './spatial/box-grid.js';
import type { ChangeLatencySink } from './latency-sink.js';

export class SimUser implements GridBox {
  minX = 0;
  minY = 0;
  maxX = 0;
  maxY = 0;
  gridCol0 = -1;
  gridRow0 = -1;
  gridCol1 = -1;
  gridRow1 = -1;
  gridSlots: number[] | null = null;

  viewport: Viewport | null = null;
  filters: readonly UserFilter[] = [];
  predicate: EventPredicate | null = null;
  readonly client: SimulatedClient;
  /** The server's idea of what the client holds; null until the first successful send. */
  lastSent: Float64Array | null = null;
  /** Changes no started processing covers yet. */
  pending: PendingChanges | null = null;
  /** Changes covered by a started processing that has not yet sent or finished. */
  covered: PendingChanges | null = null;
  processingsInFlight = 0;

  constructor(
    readonly id: string,
    readonly connectedAtMs: number,
    sink: ChangeLatencySink,
  ) {
    this.client = new SimulatedClient(id, sink);
  }

  get connected(): boolean {
    return this.client.connected;
  }

  setFilters(filters: readonly UserFilter[]): void {
    this.predicate = compileFilters(filters);
    this.filters = filters;
  }

  /** When the oldest change not yet visible on the client happened (Infinity when none). */
  oldestUndeliveredMs(): number {
    let oldest = this.client.oldestInFlightChangeMs();
    if (this.pending !== null && this.pending.oldestMs < oldest) oldest = this.pending.oldestMs;
    if (this.covered !== null && this.covered.oldestMs < oldest) oldest = this.covered.oldestMs;
    return oldest;
  }

  undeliveredChangeCount(): number {
    return (this.pending?.count ?? 0) + (this.covered?.count ?? 0) + this.client.inFlightChangeCount();
  }
}
