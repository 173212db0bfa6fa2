/**
 * Per-change latency on hand-built cases: a change at t whose message reaches the client at t + d
 * is recorded as d, exactly, with every cost on the path (debounce, Redis, CPU, transport) in it.
 */
import { describe, expect, it } from 'vitest';
import type { Viewport } from '../../src/batcher/ports.js';
import { viewSize } from '../../src/world/view-state.js';
import { testSettings, type SettingsOverrides } from './helpers/settings.js';
import { createHarness, eventAt, type Harness } from './helpers/world-harness.js';

const VIEW_A: Viewport = { minX: 0, minY: 0, maxX: 2, maxY: 2 };
const VIEW_B: Viewport = { minX: 5, minY: 5, maxX: 7, maxY: 7 };
/** Overlaps VIEW_A's events exactly: a move to it changes nothing the user sees. */
const VIEW_A_SHIFTED: Viewport = { minX: 0.5, minY: 0.5, maxX: 2.5, maxY: 2.5 };

/** A world with one user looking at VIEW_A, events in A and B, debounce 50 ms, transport 30 ms. */
async function oneUser(overrides: SettingsOverrides = {}): Promise<Harness> {
  const h = await createHarness({
    settings: testSettings({ costs: { transportLatency: { kind: 'fixed', ms: 30 }, ...overrides.costs }, faults: overrides.faults }),
    populate: false,
    batcherConfig: { debounceTimeoutMs: 50, sweepIntervalMs: 5000 },
  });
  for (const [lng, lat] of [[1, 1], [1.5, 1.5], [6, 6]] as const) {
    h.world.applyChange({ type: 'event-create', atMs: 0, event: eventAt(lng, lat) });
  }
  h.world.applyChange({ type: 'connect', atMs: 0, userId: 'alice', viewport: VIEW_A, filters: [] });
  await h.clock.runUntil(500);
  return h;
}

describe('per-change latency', () => {
  it('counts the first request from connect to the first full list: debounce + transport', async () => {
    const h = await oneUser();
    expect(h.latencies.entries).toEqual([{ reason: 'initial_request', latencyMs: 80, count: 1, atMs: 80 }]);
    expect(viewSize(h.world.users.get('alice')!.client.view)).toBe(2);
  });

  it('a change at t delivered at t + d records d', async () => {
    const h = await oneUser();
    await h.at(1000, () => h.world.applyChange({ type: 'viewport', atMs: 1000, userId: 'alice', viewport: VIEW_B }));
    await h.clock.runUntil(1060);
    expect(h.world.pendingWork()).toMatchObject({ messagesInFlight: 1, undeliveredChanges: 1 });
    await h.clock.runUntil(2000);
    expect(h.world.pendingWork()).toMatchObject({ messagesInFlight: 0, undeliveredChanges: 0 });
    expect(h.latencies.values('viewport_change')).toEqual([80]);
    expect(h.latencies.entries.at(-1)!.atMs).toBe(1080);
  });

  it('a change the client already reflects counts as delivered when its processing ends', async () => {
    const h = await oneUser();
    await h.at(1000, () => h.world.applyChange({ type: 'viewport', atMs: 1000, userId: 'alice', viewport: VIEW_A_SHIFTED }));
    await h.clock.runUntil(2000);
    expect(h.latencies.values('viewport_change')).toEqual([50]);
    expect(h.world.getStats().noOpDiffs).toBe(1);
  });

  it('includes Redis round trips and CPU (base plus per event) in the latency', async () => {
    const h = await oneUser({
      costs: { redisRoundTripsPerProcessing: 2, redisLatency: { kind: 'fixed', ms: 3 }, cpuPerProcessingMs: 5, cpuPerEventMs: 0.5 },
    });
    // Initial: 50 debounce + 6 Redis + 5 + 2 events * 0.5 CPU + 30 transport.
    expect(h.latencies.values('initial_request')).toEqual([92]);
    await h.at(1000, () => h.world.applyChange({ type: 'viewport', atMs: 1000, userId: 'alice', viewport: VIEW_B }));
    await h.clock.runUntil(2000);
    // VIEW_B holds one event: 50 + 6 + 5 + 0.5 + 30.
    expect(h.latencies.values('viewport_change')).toEqual([91.5]);
    expect(h.world.getStats().redis.reads).toBe(4);
  });

  it('the viewport writes before the mark are part of a viewport change latency', async () => {
    const h = await oneUser({ costs: { viewportWritesPerChange: 2, redisLatency: { kind: 'fixed', ms: 4 } } });
    await h.at(1000, () => h.world.applyChange({ type: 'viewport', atMs: 1000, userId: 'alice', viewport: VIEW_B }));
    await h.clock.runUntil(2000);
    // 8 ms of writes, then 50 debounce, then 30 transport.
    expect(h.latencies.values('viewport_change')).toEqual([88]);
    expect(h.world.getStats().redis.viewportWrites).toBe(2);
  });

  it('coalesced changes each keep their own latency', async () => {
    const h = await oneUser();
    for (const t of [1000, 1020, 1040]) {
      await h.at(t, () => h.world.applyChange({ type: 'viewport', atMs: t, userId: 'alice', viewport: t === 1040 ? VIEW_B : VIEW_A_SHIFTED }));
    }
    await h.clock.runUntil(2000);
    // One processing at 1090, delivered at 1120.
    expect(h.latencies.values('viewport_change').sort((a, b) => a - b)).toEqual([80, 100, 120]);
  });

  it('a failed send keeps its changes pending until the retry delivers them', async () => {
    const h = await oneUser({ faults: { outages: [{ startMs: 1040, endMs: 1100 }] } });
    await h.at(1000, () => h.world.applyChange({ type: 'viewport', atMs: 1000, userId: 'alice', viewport: VIEW_B }));
    await h.clock.runUntil(3000);
    expect(h.world.getStats().failedSends).toBe(1);
    const [latency] = h.latencies.values('viewport_change');
    // The send at 1050 failed; the retry one debounce later (1100) succeeded and arrived 30 ms after.
    expect(latency).toBe(130);
    expect(h.world.checkConsistency().divergedClients).toBe(0);
  });

  it('an event change reaches every viewer with its own latency, and global-feed users too', async () => {
    const h = await oneUser();
    h.world.applyChange({ type: 'connect', atMs: 500, userId: 'bob', viewport: VIEW_A_SHIFTED, filters: [] });
    h.world.applyChange({ type: 'connect', atMs: 500, userId: 'carol', viewport: null, filters: [] });
    h.world.applyChange({ type: 'connect', atMs: 500, userId: 'dave', viewport: VIEW_B, filters: [] });
    await h.clock.runUntil(1000);
    h.latencies.entries.length = 0;
    h.world.applyChange({ type: 'event-create', atMs: 1000, event: eventAt(1.8, 1.8, { id: 'new' }) });
    await h.clock.runUntil(2000);
    // alice, bob (the point is in both viewports) and carol (global feed); not dave.
    expect(h.latencies.values('event_update')).toEqual([80, 80, 80]);
    expect(h.world.getStats().affectedUserMarks).toBe(3);
  });

  it('a change that affects no connected user records nothing', async () => {
    const h = await oneUser();
    h.latencies.entries.length = 0;
    h.world.applyChange({ type: 'event-create', atMs: 500, event: eventAt(9, 9) });
    await h.clock.runUntil(2000);
    expect(h.latencies.entries).toEqual([]);
  });

  it('a change made while the user is in flight waits for the next processing', async () => {
    const h = await oneUser({ costs: { redisRoundTripsPerProcessing: 1, redisLatency: { kind: 'fixed', ms: 10 } } });
    h.latencies.entries.length = 0;
    await h.at(1000, () => h.world.applyChange({ type: 'viewport', atMs: 1000, userId: 'alice', viewport: VIEW_B }));
    // The processing starts at 1050 and waits on Redis until 1060; this change comes in between.
    await h.at(1055, () => h.world.applyChange({ type: 'viewport', atMs: 1055, userId: 'alice', viewport: VIEW_A }));
    await h.clock.runUntil(3000);
    const [first, second] = h.latencies.values('viewport_change');
    expect(first).toBe(90);
    // Marked at 1055, processed after the first one ends (debounce 50 from the mark: 1105), 10 Redis, 30 transport.
    expect(second).toBe(1105 + 10 + 30 - 1055);
    expect(h.world.checkConsistency().divergedClients).toBe(0);
  });
});
