import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { SeededRandom } from '../../src/random/seeded-random.js';
import { latencySampler } from '../../src/world/latency-sampler.js';
import { PendingChanges, REASON_INDEX } from '../../src/world/pending-changes.js';
import { SimulatedClient } from '../../src/world/simulated-client.js';
import { SendFailedError, SimulatedTransport, type OutgoingMessage } from '../../src/world/transport.js';
import type { LatencyDistribution } from '../../src/world/settings.js';
import { decodeView, encodeView, packEntry } from '../../src/world/view-state.js';
import { LatencyLog } from './helpers/world-harness.js';

function fullList(...uids: number[]): OutgoingMessage {
  const keys = uids.map((u) => packEntry(u, 1));
  const state = encodeView(keys, keys.length);
  return { kind: 'full', payload: state, serverState: state, messageCount: 1, bytes: 100, changes: null };
}

function setup(latency: LatencyDistribution, faults: { sendFailureRate?: number; outages?: { startMs: number; endMs: number }[] } = {}) {
  const clock = new VirtualClock();
  const random = new SeededRandom(3);
  const transport = new SimulatedTransport({
    clock,
    latency: latencySampler(latency, random.fork('latency'), 'test'),
    faults: { sendFailureRate: faults.sendFailureRate ?? 0, outages: faults.outages ?? [] },
    random: random.fork('faults'),
  });
  const log = new LatencyLog();
  return { clock, transport, log, client: new SimulatedClient('u', log, { inFlight: 0 }) };
}

describe('simulated transport', () => {
  it('delivers after the latency and counts messages and bytes', async () => {
    const { clock, transport, client } = setup({ kind: 'fixed', ms: 25 });
    transport.send(client, fullList(1, 2));
    await clock.runUntil(24);
    expect(decodeView(client.view)).toHaveLength(0);
    await clock.runUntil(25);
    expect(decodeView(client.view)).toHaveLength(2);
    expect(transport.counters).toMatchObject({ sends: 1, messages: 1, bytes: 100 });
  });

  it('is FIFO per client: a later message never overtakes an earlier one', async () => {
    const { clock, transport, client } = setup({ kind: 'uniform', minMs: 1, maxMs: 200 });
    let last = -1;
    for (let i = 1; i <= 50; i++) {
      transport.send(client, fullList(i));
      expect(client.lastArrivalMs).toBeGreaterThanOrEqual(last);
      last = client.lastArrivalMs;
      await clock.advanceBy(3);
    }
    await clock.runAll();
    // The last message sent is what the client holds.
    expect(decodeView(client.view)).toEqual([packEntry(50, 1)]);
    expect(client.received).toBe(50);
  });

  it('fails every send inside an outage, and about the failure rate outside', async () => {
    const { clock, transport, client } = setup({ kind: 'fixed', ms: 1 }, { sendFailureRate: 0.25, outages: [{ startMs: 0, endMs: 10 }] });
    expect(() => transport.send(client, fullList(1))).toThrow(SendFailedError);
    expect(transport.counters.outageFailures).toBe(1);
    await clock.runUntil(10);
    let failed = 0;
    for (let i = 0; i < 4000; i++) {
      try {
        transport.send(client, fullList(i));
      } catch {
        failed++;
      }
    }
    expect(failed / 4000).toBeGreaterThan(0.2);
    expect(failed / 4000).toBeLessThan(0.3);
    expect(transport.counters.failedSends).toBe(failed + 1);
  });

  it('records the latency of the changes a message carries at its arrival', async () => {
    const { clock, transport, client, log } = setup({ kind: 'fixed', ms: 40 });
    await clock.runUntil(100);
    const changes = new PendingChanges();
    changes.note(REASON_INDEX.event_update, 70);
    transport.send(client, { ...fullList(1), changes });
    // A change found already reflected while that message is in flight rides with it.
    const reflected = new PendingChanges();
    reflected.note(REASON_INDEX.filter_change, 110);
    await clock.runUntil(120);
    client.settleReflected(reflected, 120);
    expect(log.entries).toEqual([]);
    await clock.runAll();
    expect(log.values('event_update')).toEqual([70]);
    expect(log.values('filter_change')).toEqual([30]);
  });

  it('drops what is in flight when the client disconnects', async () => {
    const traffic = { inFlight: 0 };
    const { clock, transport, log } = setup({ kind: 'fixed', ms: 40 });
    const client = new SimulatedClient('v', log, traffic);
    transport.send(client, fullList(1));
    transport.send(client, fullList(2));
    expect(traffic.inFlight).toBe(2);
    expect(client.disconnect()).toBe(2);
    expect(traffic.inFlight).toBe(0);
    await clock.runAll();
    expect(decodeView(client.view)).toHaveLength(0);
  });
});

describe('latency distributions', () => {
  const draw = (d: LatencyDistribution, n = 20_000) => {
    const sample = latencySampler(d, new SeededRandom(11), 'test');
    return Array.from({ length: n }, sample).sort((a, b) => a - b);
  };

  it('fixed, uniform, normal (never negative) and lognormal (median)', () => {
    expect(new Set(draw({ kind: 'fixed', ms: 7 }, 10))).toEqual(new Set([7]));
    const uniform = draw({ kind: 'uniform', minMs: 10, maxMs: 20 });
    expect(uniform[0]!).toBeGreaterThanOrEqual(10);
    expect(uniform.at(-1)!).toBeLessThan(20);
    const normal = draw({ kind: 'normal', meanMs: 5, stdDevMs: 5 });
    expect(normal[0]!).toBeGreaterThanOrEqual(0);
    const lognormal = draw({ kind: 'lognormal', medianMs: 30, sigma: 0.8 });
    expect(lognormal[10_000]!).toBeGreaterThan(28);
    expect(lognormal[10_000]!).toBeLessThan(32);
    expect(lognormal.at(-1)!).toBeGreaterThan(150);
  });

  it('rejects impossible parameters, naming the setting', () => {
    expect(() => latencySampler({ kind: 'uniform', minMs: 5, maxMs: 1 }, new SeededRandom(1), 'costs.transportLatency')).toThrow(
      /costs\.transportLatency/,
    );
  });
});
