/**
 * The oracle. When the workload has ended and everything pending has been flushed and delivered,
 * every connected client must hold exactly the truth: the events in its viewport (all events for the
 * global feed) that it may see and that pass its filters, ranked and capped. A run in which any
 * client diverges has lost or corrupted an update, whatever its latency figures say.
 */
import type { ConsistencyReport, DivergenceExample } from '../metrics/summary.js';
import type { CachedEvent } from './cached-event.js';
import type { EventCache } from './event-cache.js';
import { resultCapFor, selectForUser } from './result-selection.js';
import type { WorldSettings } from './settings.js';
import type { UserRegistry } from './user-registry.js';
import { decodeView, packEntry, uidOf, versionTagOf } from './view-state.js';

export interface ConsistencyOptions {
  /** How many diverged clients to describe. Default 5. */
  maxExamples?: number;
  /** How many ids to list per kind in one example. Default 10. */
  maxIdsPerExample?: number;
}

export function checkConsistency(
  registry: UserRegistry,
  cache: EventCache,
  resultCap: WorldSettings['resultCap'],
  options: ConsistencyOptions = {},
): ConsistencyReport {
  const maxExamples = options.maxExamples ?? 5;
  const maxIds = options.maxIdsPerExample ?? 10;
  const scratch: CachedEvent[] = [];
  let connectedClients = 0;
  let divergedClients = 0;
  const examples: DivergenceExample[] = [];
  for (const user of registry.values()) {
    if (!user.connected) continue;
    connectedClients++;
    const events = user.viewport === null ? cache.getAllEvents() : cache.getEventsInViewport(user.viewport);
    const count = selectForUser(user.id, events, user.viewport, user.compiled.predicate, resultCapFor(user.viewport, resultCap), scratch);
    const truth: number[] = [];
    for (let i = 0; i < count; i++) truth.push(packEntry(scratch[i]!.uid, scratch[i]!.version));
    truth.sort((a, b) => a - b);
    const held = decodeView(user.client.view);
    const missing: number[] = [];
    const extra: number[] = [];
    const stale: number[] = [];
    let i = 0;
    let j = 0;
    while (i < truth.length || j < held.length) {
      const t = i < truth.length ? uidOf(truth[i]!) : Number.POSITIVE_INFINITY;
      const h = j < held.length ? uidOf(held[j]!) : Number.POSITIVE_INFINITY;
      if (t < h) {
        missing.push(t);
        i++;
      } else if (h < t) {
        extra.push(h);
        j++;
      } else {
        if (versionTagOf(truth[i]!) !== versionTagOf(held[j]!)) stale.push(t);
        i++;
        j++;
      }
    }
    if (missing.length + extra.length + stale.length === 0) continue;
    divergedClients++;
    if (examples.length < maxExamples) {
      const name = (uid: number) => cache.idOfUid(uid) ?? `#${uid} (gone)`;
      examples.push({
        userId: user.id,
        missingIds: missing.slice(0, maxIds).map(name),
        extraIds: extra.slice(0, maxIds).map(name),
        staleIds: stale.slice(0, maxIds).map(name),
      });
    }
  }
  return { connectedClients, divergedClients, examples };
}
