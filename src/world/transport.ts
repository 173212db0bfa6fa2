/**
 * The simulated publish + WebSocket path: it decides whether a send fails (a failure rate, and
 * outage windows in which everything fails), counts messages and bytes, and delivers accepted
 * messages after a sampled latency, FIFO per client: a message never overtakes an earlier one.
 * The latency is exact (arrival = max(previous arrival, send + latency)); the clock callback that
 * applies it may run later when the simulated loop is busy, which affects no latency figure.
 */
import type { Clock } from '../clock/clock.js';
import type { SeededRandom } from '../random/seeded-random.js';
import type { PendingChanges } from './pending-changes.js';
import type { Message, SimulatedClient } from './simulated-client.js';
import type { LatencySampler } from './latency-sampler.js';
import type { FaultSettings } from './settings.js';
import type { ViewState } from './view-state.js';

export class SendFailedError extends Error {
  override readonly name = 'SendFailedError';
  constructor(
    readonly userId: string,
    readonly reason: 'failure-rate' | 'outage',
  ) {
    super(`sending to ${userId} failed (${reason === 'outage' ? 'transport outage' : 'simulated send failure'})`);
  }
}

export type OutgoingMessage = Message & {
  serverState: ViewState;
  /** Messages on the wire (one full list, or one per changed event). */
  messageCount: number;
  bytes: number;
  changes: PendingChanges | null;
};

export interface TransportCounters {
  sends: number;
  messages: number;
  bytes: number;
  failedSends: number;
  failedMessages: number;
  outageFailures: number;
}

export interface Transport {
  readonly counters: TransportCounters;
  /** Accepts the message for delivery, or throws SendFailedError. */
  send(client: SimulatedClient, message: OutgoingMessage): void;
}

export interface TransportOptions {
  clock: Clock;
  latency: LatencySampler;
  faults: Pick<FaultSettings, 'sendFailureRate' | 'outages'>;
  random: SeededRandom;
}

export class SimulatedTransport implements Transport {
  readonly counters: TransportCounters = {
    sends: 0,
    messages: 0,
    bytes: 0,
    failedSends: 0,
    failedMessages: 0,
    outageFailures: 0,
  };

  constructor(private readonly options: TransportOptions) {
    const { sendFailureRate, outages } = options.faults;
    if (!(sendFailureRate >= 0 && sendFailureRate <= 1)) {
      throw new RangeError(`faults.sendFailureRate must be within 0..1, got ${sendFailureRate}`);
    }
    for (const outage of outages) {
      if (!(outage.endMs >= outage.startMs)) throw new RangeError(`faults.outages: endMs must be >= startMs, got ${JSON.stringify(outage)}`);
    }
  }

  send(client: SimulatedClient, message: OutgoingMessage): void {
    const { clock, faults, random } = this.options;
    const now = clock.now();
    const cause = this.inOutage(now) ? 'outage' : faults.sendFailureRate > 0 && random.chance(faults.sendFailureRate) ? 'failure-rate' : null;
    if (cause !== null) {
      this.counters.failedSends++;
      this.counters.failedMessages += message.messageCount;
      if (cause === 'outage') this.counters.outageFailures++;
      throw new SendFailedError(client.userId, cause);
    }
    this.counters.sends++;
    this.counters.messages += message.messageCount;
    this.counters.bytes += message.bytes;
    const atMs = Math.max(client.lastArrivalMs, now + this.options.latency());
    const delivery =
      message.kind === 'full'
        ? { kind: 'full' as const, payload: message.payload, atMs, serverState: message.serverState, changes: message.changes }
        : { kind: 'ops' as const, payload: message.payload, atMs, serverState: message.serverState, changes: message.changes };
    client.enqueue(delivery);
    clock.setTimeout(() => client.receiveNext(), atMs - now);
  }

  private inOutage(now: number): boolean {
    for (const outage of this.options.faults.outages) if (now >= outage.startMs && now < outage.endMs) return true;
    return false;
  }
}
