/**
 * One connected user: its viewport (also its box in the viewport index), filters, client, what the
 * server last sent it, and the changes on their way to it. Kept small: there may be a million.
 */
import type { Viewport } from '../batcher/ports.js';
import type { UserFilter } from './filter.js';
import { compileFilters, NO_FILTERS, type CompiledFilters } from './filter-predicate.js';
import type { CategoryRegistry } from './event-tags.js';
import type { PendingChanges } from './pending-changes.js';
import { SimulatedClient, type ClientTraffic } from './simulated-client.js';
import type { GridBox } from './spatial/box-grid.js';
import type { ChangeLatencySink } from './latency-sink.js';
import type { ViewState } from './view-state.js';

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
  compiled: CompiledFilters = NO_FILTERS;
  readonly client: SimulatedClient;
  /** The server's idea of what the client holds; null until the first successful send. */
  lastSent: ViewState | null = null;
  /** Changes no started processing covers yet. */
  pending: PendingChanges | null = null;
  /** Changes covered by a started processing that has not yet sent or finished. */
  covered: PendingChanges | null = null;
  processingsInFlight = 0;
  /**
   * What the selection that last matched `lastSent` was made from: the box and index stamp of its
   * viewport list (event-columns.ts) and the compiled filters. A list with the same box and stamp holds
   * the same events in the same order, so with the same filters its selection is the same, and a
   * processing knows it has nothing to send without selecting (filtering-service.ts). Null: unknown.
   */
  noOpBox: Viewport | null = null;
  noOpStamp = 0;
  noOpFilters: CompiledFilters | null = null;

  constructor(
    readonly id: string,
    readonly connectedAtMs: number,
    sink: ChangeLatencySink,
    traffic: ClientTraffic,
  ) {
    this.client = new SimulatedClient(id, sink, traffic);
  }

  get connected(): boolean {
    return this.client.connected;
  }

  setFilters(filters: readonly UserFilter[], categories: CategoryRegistry): void {
    this.compiled = compileFilters(filters, categories);
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
