/**
 * The oracle must catch a lost or corrupted update wherever it happens. Each test injects one fault
 * of the kind production systems have had and shows divergence; the same run without the fault ends
 * with every client holding the truth.
 */
import { describe, expect, it } from 'vitest';
import { ViewportAffectedUsers } from '../../src/world/affected-users.js';
import { SimulatedTransport, type OutgoingMessage } from '../../src/world/transport.js';
import type { SimulatedClient } from '../../src/world/simulated-client.js';
import type { Change } from '../../src/world/change.js';
import { testSettings } from './helpers/settings.js';
import { LeakySweeper } from './helpers/leaky-sweeper.js';
import { randomChanges } from './helpers/random-changes.js';
import { createHarness, type HarnessOptions } from './helpers/world-harness.js';

const settings = testSettings({
  world: {
    users: { count: 300, withoutViewportShare: 0.05, filteredShare: 0.2, viewportSizeDeg: { min: 0.5, max: 2 } },
    events: { count: 600, privateShare: 0.05 },
  },
  costs: { transportLatency: { kind: 'uniform', minMs: 5, maxMs: 40 } },
});

async function runWith(options: Omit<HarnessOptions, 'settings'>, changes: Change[]) {
  const h = await createHarness({ settings, ...options });
  for (const change of changes) await h.at(change.atMs, () => h.world.applyChange(change));
  await h.settle();
  return { report: h.world.checkConsistency(), stats: h.world.getStats(), harness: h };
}

const mixedChanges = randomChanges({ settings, seed: 7, count: 1500, startMs: 100, meanGapMs: 4 });

describe('the consistency oracle', () => {
  it('finds no divergence in the real world with the real batcher', async () => {
    const { report, stats } = await runWith({}, mixedChanges);
    expect(report.connectedClients).toBeGreaterThan(250);
    expect(report.divergedClients).toBe(0);
    expect(report.examples).toEqual([]);
    expect(stats.changesApplied).toBeGreaterThan(1000);
    expect(stats.eventsMoved).toBeGreaterThan(100);
  });

  it('catches an affected-user lookup that forgets the old position of a moved event', async () => {
    const moves = randomChanges({ settings, seed: 8, count: 400, startMs: 100, meanGapMs: 5, mix: { 'event-move': 1, viewport: 0, connect: 0, disconnect: 0, filter: 0, 'event-create': 0, 'event-update': 0, 'event-delete': 0 } });
    const forgetful: HarnessOptions['worldOptions'] = {
      createAffectedUserFinder: (registry) => {
        const real = new ViewportAffectedUsers(registry);
        return { forEachAffected: (before, after, visit) => real.forEachAffected(after === null ? before : null, after, visit) };
      },
    };
    const faulty = await runWith({ worldOptions: forgetful }, moves);
    expect(faulty.report.divergedClients).toBeGreaterThan(0);
    // The symptom of the field notes: stale markers left where the event used to be.
    const example = faulty.report.examples[0]!;
    expect(example.extraIds.length).toBeGreaterThan(0);
    const healthy = await runWith({}, moves);
    expect(healthy.report.divergedClients).toBe(0);
  });

  it('catches a transport whose failures are swallowed while last-sent state advances', async () => {
    class SwallowingTransport extends SimulatedTransport {
      override send(client: SimulatedClient, message: OutgoingMessage): void {
        try {
          super.send(client, message);
        } catch {
          // The fault: the caller believes the message went out.
        }
      }
    }
    const flaky = { ...settings, faults: { ...settings.faults, sendFailureRate: 0.2 } };
    const faulty = await createHarness({ settings: flaky, worldOptions: { createTransport: (o) => new SwallowingTransport(o) } });
    for (const change of mixedChanges) await faulty.at(change.atMs, () => faulty.world.applyChange(change));
    await faulty.settle();
    expect(faulty.world.getStats().failedSends).toBeGreaterThan(0);
    expect(faulty.world.checkConsistency().divergedClients).toBeGreaterThan(0);

    const healthy = await createHarness({ settings: flaky });
    for (const change of mixedChanges) await healthy.at(change.atMs, () => healthy.world.applyChange(change));
    await healthy.settle();
    expect(healthy.world.getStats().failedSends).toBeGreaterThan(0);
    expect(healthy.world.checkConsistency().divergedClients).toBe(0);
  });

  it('catches a batcher that drops still-dirty users', async () => {
    const faulty = await runWith({ createBatcher: (deps) => new LeakySweeper(deps, 500, 20) }, mixedChanges);
    expect(faulty.report.divergedClients).toBeGreaterThan(0);
    expect(faulty.report.examples.length).toBeGreaterThan(0);
    expect(faulty.report.examples.length).toBeLessThanOrEqual(5);
    // A sweeper without the defect but otherwise the same (batch size above the user count) is fine.
    const healthy = await runWith({ createBatcher: (deps) => new LeakySweeper(deps, 500, 1_000_000) }, mixedChanges);
    expect(healthy.report.divergedClients).toBe(0);
  });
});
