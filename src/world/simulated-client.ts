/**
 * One connected user's client: it applies what it receives, in order, and holds the resulting view
 * (the compact form of view-state.ts). Every latency is recorded here, when the message that reflects
 * a change is applied, so deliveries and already-reflected changes go through one place.
 */
import type { ChangeLatencySink } from './latency-sink.js';
import type { PendingChanges } from './pending-changes.js';
import { applyOps, EMPTY_VIEW, type OpList, type ViewState } from './view-state.js';

/** A message on the wire: the full list, or one message per changed event (an op list). */
export type Message = { readonly kind: 'full'; readonly payload: ViewState } | { readonly kind: 'ops'; readonly payload: OpList };

export type Delivery = Message & {
  /** When the client receives it (ms); non-decreasing per client (the channel is FIFO). */
  readonly atMs: number;
  /** What the server believes the client holds after this message (its new last-sent state). */
  readonly serverState: ViewState;
  /** The changes this message makes visible; more may join while it is in flight. */
  changes: PendingChanges | null;
};

/** Shared by every client of a world: messages accepted by the transport and not yet applied or lost. */
export interface ClientTraffic {
  inFlight: number;
}

export class SimulatedClient {
  /** What the client holds now. */
  view: ViewState = EMPTY_VIEW;
  connected = true;
  received = 0;
  private inFlight: Delivery[] | null = null;

  constructor(
    readonly userId: string,
    private readonly sink: ChangeLatencySink,
    private readonly traffic: ClientTraffic,
  ) {}

  /** When the newest message in flight arrives, or -Infinity when nothing is in flight. */
  get lastArrivalMs(): number {
    const queue = this.inFlight;
    return queue === null || queue.length === 0 ? Number.NEGATIVE_INFINITY : queue[queue.length - 1]!.atMs;
  }

  get inFlightCount(): number {
    return this.inFlight === null ? 0 : this.inFlight.length;
  }

  /** The transport hands over a message it has accepted; the client applies it at `delivery.atMs`. */
  enqueue(delivery: Delivery): void {
    if (this.inFlight === null) this.inFlight = [];
    this.inFlight.push(delivery);
    this.traffic.inFlight++;
  }

  /**
   * Changes whose processing found nothing to send: they are reflected once everything already in
   * flight has arrived, so they ride with the newest message, or count as delivered now.
   */
  settleReflected(changes: PendingChanges, nowMs: number): void {
    const queue = this.inFlight;
    if (queue !== null && queue.length > 0) {
      const newest = queue[queue.length - 1]!;
      if (newest.changes === null) newest.changes = changes;
      else newest.changes.absorb(changes);
    } else {
      changes.deliver(nowMs, this.sink);
    }
  }

  /** Applies the oldest message in flight (the clock calls this at its arrival time). */
  receiveNext(): void {
    const queue = this.inFlight;
    if (!this.connected || queue === null || queue.length === 0) return;
    const delivery = queue.shift()!;
    if (queue.length === 0) this.inFlight = null;
    this.traffic.inFlight--;
    this.received++;
    if (delivery.kind === 'full') {
      this.view = delivery.payload;
    } else {
      // Keep the server's string when they agree: one copy of the state per user instead of two.
      this.view = applyOps(this.view, delivery.payload, delivery.serverState);
    }
    delivery.changes?.deliver(delivery.atMs, this.sink);
  }

  /** When the oldest change carried by a message in flight happened (Infinity when none). */
  oldestInFlightChangeMs(): number {
    let oldest = Number.POSITIVE_INFINITY;
    if (this.inFlight !== null) {
      for (const delivery of this.inFlight) {
        if (delivery.changes !== null && delivery.changes.oldestMs < oldest) oldest = delivery.changes.oldestMs;
      }
    }
    return oldest;
  }

  /** Changes carried by messages still in flight. */
  inFlightChangeCount(): number {
    let count = 0;
    if (this.inFlight !== null) for (const delivery of this.inFlight) count += delivery.changes?.count ?? 0;
    return count;
  }

  /** The connection closed: messages in flight are lost, and their changes never reach anyone. */
  disconnect(): number {
    const dropped = this.inFlightCount;
    this.traffic.inFlight -= dropped;
    this.connected = false;
    this.inFlight = null;
    return dropped;
  }
}
