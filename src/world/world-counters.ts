/** The world's own counts, mutable inside the world and copied out by World.getStats(). */
import type { RedisCommandCounts } from '../metrics/summary.js';

export interface WorldCounters {
  changesApplied: number;
  /** Changes that referred to something absent (an unknown user or event, a duplicate connect). */
  changesIgnored: number;
  usersConnected: number;
  usersDisconnected: number;
  /** markUserAsDirty calls the world made. */
  marks: number;
  /** Affected users found for event changes (before any dedupe by the batcher). */
  affectedUserMarks: number;
  processingsStarted: number;
  /** Processings that started with no change pending for the user: duplicate work. */
  processingsWithNothingPending: number;
  /** Processings that started while another one of the same user was still in flight. */
  overlappingProcessings: number;
  /** calculateAndSendDiff calls that computed a diff. */
  diffs: number;
  noOpDiffs: number;
  fullSends: number;
  opSends: number;
  filterErrors: number;
  /** Processings for a user that had disconnected meanwhile: nothing to send to. */
  sendsToDisconnected: number;
  /** Messages in flight when their client disconnected. */
  deliveriesDropped: number;
  eventsCreated: number;
  eventsUpdated: number;
  eventsMoved: number;
  eventsDeleted: number;
  eventsEvicted: number;
  cacheReloads: number;
  redis: Omit<RedisCommandCounts, 'total'>;
}

export function newWorldCounters(): WorldCounters {
  return {
    changesApplied: 0,
    changesIgnored: 0,
    usersConnected: 0,
    usersDisconnected: 0,
    marks: 0,
    affectedUserMarks: 0,
    processingsStarted: 0,
    processingsWithNothingPending: 0,
    overlappingProcessings: 0,
    diffs: 0,
    noOpDiffs: 0,
    fullSends: 0,
    opSends: 0,
    filterErrors: 0,
    sendsToDisconnected: 0,
    deliveriesDropped: 0,
    eventsCreated: 0,
    eventsUpdated: 0,
    eventsMoved: 0,
    eventsDeleted: 0,
    eventsEvicted: 0,
    cacheReloads: 0,
    redis: { viewportWrites: 0, affectedUserLookups: 0, reads: 0, publishes: 0 },
  };
}
