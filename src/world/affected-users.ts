/**
 * The viewport processor's question: which users does an event change concern? Those whose viewport
 * contains the event's new position, those whose viewport contained its old position (a move or a
 * delete; forgetting them leaves stale markers on their maps), and every global-feed user.
 */
import type { LngLat } from './event.js';
import { viewportContains } from './geo.js';
import type { SimUser } from './sim-user.js';
import type { UserRegistry } from './user-registry.js';

export interface AffectedUserFinder {
  /**
   * Calls `visit` once for each user concerned by an event that was at `before` and is now at
   * `after` (null: it did not exist / no longer exists). Returns the spatial lookups it made.
   */
  forEachAffected(before: LngLat | null, after: LngLat | null, visit: (user: SimUser) => void): number;
}

export class ViewportAffectedUsers implements AffectedUserFinder {
  constructor(private readonly registry: UserRegistry) {}

  forEachAffected(before: LngLat | null, after: LngLat | null, visit: (user: SimUser) => void): number {
    let lookups = 0;
    if (after !== null) {
      this.registry.forEachViewportContaining(after[0], after[1], visit);
      lookups++;
    }
    if (before !== null && (after === null || before[0] !== after[0] || before[1] !== after[1])) {
      this.registry.forEachViewportContaining(before[0], before[1], (user) => {
        // Already visited for the new position.
        if (after !== null && user.viewport !== null && viewportContains(user.viewport, after[0], after[1])) return;
        visit(user);
      });
      lookups++;
    }
    this.registry.forEachGlobalFeedUser(visit);
    return lookups;
  }
}
