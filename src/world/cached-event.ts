/**
 * An event as the cache holds it: an immutable snapshot of one version of a SimEvent, plus the
 * simulator's bookkeeping. A change makes a new snapshot instead of editing the old one, so the event
 * list a processing captured stays exactly the world as it was when the batcher read it.
 */
import type { EventPatch, LngLat, SimEvent } from './event.js';

export interface CachedEvent extends SimEvent {
  /**
   * A number unique to this event for the whole run (never reused, unlike array slots), the compact
   * key of the per-user view state. The same id keeps its uid across a cache reload.
   */
  readonly uid: number;
  /** Estimated size of this event in a message, so the transport can count bytes without serialising. */
  readonly payloadBytes: number;
}

/** Envelope of one message (type, user, sequence number, framing). */
export const MESSAGE_ENVELOPE_BYTES = 48;

function estimatePayloadBytes(event: Omit<SimEvent, 'updatedAt' | 'version'>): number {
  // Roughly the JSON a client receives: fixed fields plus the variable-length strings.
  let bytes = 190 + event.id.length + event.title.length + event.creatorId.length;
  for (const category of event.categories) bytes += category.length + 3;
  for (const userId of event.sharedWith) bytes += userId.length + 3;
  return bytes;
}

export function createCachedEvent(
  uid: number,
  event: Omit<SimEvent, 'updatedAt' | 'version'>,
  atMs: number,
): CachedEvent {
  return { ...event, uid, updatedAt: atMs, version: 1, payloadBytes: estimatePayloadBytes(event) };
}

export function patchCachedEvent(previous: CachedEvent, patch: EventPatch, atMs: number): CachedEvent {
  const next = { ...previous, ...patch, updatedAt: atMs, version: previous.version + 1 };
  return { ...next, payloadBytes: estimatePayloadBytes(next) };
}

export function moveCachedEvent(previous: CachedEvent, location: LngLat, atMs: number): CachedEvent {
  return { ...previous, location: [location[0], location[1]], updatedAt: atMs, version: previous.version + 1 };
}

/** The public SimEvent fields of a snapshot (for traces and reports). */
export function toSimEvent(event: CachedEvent): SimEvent {
  const { uid: _uid, payloadBytes: _bytes, ...rest } = event;
  return rest;
}
