/**
 * The global feed (users without a viewport) ranks every event; processing takes a shortcut (the
 * cache lists the best-ranked events first) that must give exactly what full ranking gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestRankedPositions } from '../../src/world/ranking.js';
import { columnsOf } from '../../src/world/event-columns.js';
import { decodeView } from '../../src/world/view-state.js';
import { testSettings } from './helpers/settings.js';
import { createHarness } from './helpers/world-harness.js';

describe('global feed', () => {
  it('picks the best-ranked positions like a full sort, ties by uid', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), fc.nat(320), (ranks, m) => {
        const uids = ranks.map((_, i) => (i * 7919) % 1009);
        const expected = ranks.map((_, i) => i).sort((a, b) => ranks[a]! - ranks[b]! || uids[a]! - uids[b]!).slice(0, m);
        expect(Array.from(bestRankedPositions(ranks, uids, m))).toEqual(expected);
      }),
    );
  });

  it('lists the best-ranked events first, better than all the rest', async () => {
    const h = await createHarness({ settings: testSettings({ world: { events: { count: 3000 } } }) });
    const all = h.world.events.getAllEvents();
    const prefix = columnsOf(all).rankedPrefix!;
    expect(prefix).toBeGreaterThan(0);
    expect(prefix).toBeLessThan(all.length);
    const worstInPrefix = all[prefix - 1]!;
    for (let i = prefix; i < all.length; i++) {
      const e = all[i]!;
      expect(e.globalRank > worstInPrefix.globalRank || (e.globalRank === worstInPrefix.globalRank && e.uid > worstInPrefix.uid)).toBe(true);
    }
  });

  it('capped global-feed users, filtered or not, end with exactly the ranked truth', async () => {
    const settings = testSettings({
      world: {
        users: { count: 60, withoutViewportShare: 1, filteredShare: 0.7 },
        events: { count: 3000, statuses: ['PENDING', 'VERIFIED', 'EXPIRED'], privateShare: 0.1 },
        resultCap: { viewport: 1000, global: 300 },
      },
    });
    const h = await createHarness({ settings });
    for (let i = 0; i < 300; i++) {
      await h.at(100 + i * 7, () => h.world.applyChange({ type: 'event-update', atMs: 100 + i * 7, event: { pick: (i * 0.37) % 1 }, patch: { saveCount: (i * 13) % 400, status: i % 2 === 0 ? 'VERIFIED' : 'PENDING' } }));
    }
    await h.settle();
    const report = h.world.checkConsistency();
    expect(report.connectedClients).toBe(60);
    expect(report.divergedClients).toBe(0);
    // The unfiltered ones hit the cap; some filtered ones had to look past the ranked prefix.
    const sizes = [...h.world.users.values()].map((u) => decodeView(u.client.view).length);
    expect(Math.max(...sizes)).toBe(300);
    expect(Math.min(...sizes)).toBeLessThan(300);
  });
});
