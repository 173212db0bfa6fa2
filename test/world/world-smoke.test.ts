import { describe, expect, it } from 'vitest';
import { testSettings } from './helpers/settings.js';
import { createHarness } from './helpers/world-harness.js';

describe('World with the real batcher', () => {
  it('a populated world with random changes ends consistent', async () => {
    const h = await createHarness({
      settings: testSettings({ world: { users: { count: 200, withoutViewportShare: 0.1, filteredShare: 0.3 }, events: { count: 500, privateShare: 0.1 } } }),
    });
    await h.settle();
    const report = h.world.checkConsistency();
    expect(report.connectedClients).toBe(200);
    expect(report.divergedClients).toBe(0);
    expect(h.world.getStats().messages).toBeGreaterThan(0);
  });
});
