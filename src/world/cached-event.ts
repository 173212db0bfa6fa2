/**
 * An event as the cache holds it: an immutable snapshot of one version of a SimEvent, plus the
 * simulator's bookkeeping. A change makes a new snapshot instead of editing the old one, so the event
 * list a processing captured stays exactly the world as it was when the batcher read it.
 * A class with every field assigned in one order: one hidden class for all events, so the hot loops
 * that read them stay monomorphic, and about 150 bytes each (an object spread cost four times that).
 */
import type { EventPatch, EventStatus, LngLat, SimEvent } from './event.js';
import { packInfo, type CategoryRegistry } from './event-tags.js';
import { rankKey } from './ranking.js';
import { packEntry } from './view-state.js';

export class CachedEvent implements SimEvent {
  readonly id: string;
  readonly title: string;
  readonly location: LngLat;
  readonly eventDate: number;
  readonly endDate: number | undefined;
  readonly status: EventStatus;
  readonly categories: readonly string[];
  readonly isPrivate: boolean;
  readonly creatorId: string;
  readonly sharedWith: readonly string[];
  readonly scanCount: number;
  readonly saveCount: number;
  readonly updatedAt: number;
  readonly version: number;
  /**
   * A number unique to this event for the whole run (never reused, unlike array slots), the compact
   * key of the per-user view state. The same id keeps its uid across a cache reload.
   */
  readonly uid: number;
  /** Estimated size of this event in a message, so the transport can count bytes without serialising. */
  readonly payloadBytes: number;
  /** uid and version packed as in view-state.ts: what a client's view holds for this snapshot. */
  readonly key: number;
  /** Status, privacy and category bits (event-tags.ts). */
  readonly tag: number;
  /** The tag and the payload size in one number (event-tags.ts, packInfo): what indexes keep. */
  readonly info: number;
  /** Its rank key in the global feed (ranking.ts): lower is better. */
  readonly globalRank: number;

  constructor(
    uid: number,
    fields: Omit<SimEvent, 'updatedAt' | 'version'>,
    updatedAt: number,
    version: number,
    categories: CategoryRegistry,
  ) {
    this.id = fields.id;
    this.title = fields.title;
    this.location = fields.location;
    this.eventDate = fields.eventDate;
    this.endDate = fields.endDate;
    this.status = fields.status;
    this.categories = fields.categories;
    this.isPrivate = fields.isPrivate;
    this.creatorId = fields.creatorId;
    this.sharedWith = fields.sharedWith;
    this.scanCount = fields.scanCount;
    this.saveCount = fields.saveCount;
    this.updatedAt = updatedAt;
    this.version = version;
    this.uid = uid;
    this.payloadBytes = estimatePayloadBytes(fields);
    this.key = packEntry(uid, version);
    this.tag = categories.tagOf(fields);
    this.info = packInfo(this.tag, this.payloadBytes);
    this.globalRank = rankKey(this, null);
  }
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
  categories: CategoryRegistry,
): CachedEvent {
  return new CachedEvent(uid, event, atMs, 1, categories);
}

export function patchCachedEvent(previous: CachedEvent, patch: EventPatch, atMs: number, categories: CategoryRegistry): CachedEvent {
  const fields: Omit<SimEvent, 'updatedAt' | 'version'> = {
    id: previous.id,
    title: patch.title ?? previous.title,
    location: previous.location,
    eventDate: patch.eventDate ?? previous.eventDate,
    endDate: 'endDate' in patch ? patch.endDate : previous.endDate,
    status: patch.status ?? previous.status,
    categories: patch.categories ?? previous.categories,
    isPrivate: previous.isPrivate,
    creatorId: previous.creatorId,
    sharedWith: previous.sharedWith,
    scanCount: patch.scanCount ?? previous.scanCount,
    saveCount: patch.saveCount ?? previous.saveCount,
  };
  return new CachedEvent(previous.uid, fields, atMs, previous.version + 1, categories);
}

export function moveCachedEvent(previous: CachedEvent, location: LngLat, atMs: number, categories: CategoryRegistry): CachedEvent {
  return new CachedEvent(previous.uid, { ...previous, location: [location[0], location[1]] }, atMs, previous.version + 1, categories);
}

/** The public SimEvent fields of a snapshot (for traces and reports). */
export function toSimEvent(event: CachedEvent): SimEvent {
  const simEvent: SimEvent = {
    id: event.id,
    title: event.title,
    location: event.location,
    eventDate: event.eventDate,
    status: event.status,
    categories: event.categories,
    isPrivate: event.isPrivate,
    creatorId: event.creatorId,
    sharedWith: event.sharedWith,
    scanCount: event.scanCount,
    saveCount: event.saveCount,
    updatedAt: event.updatedAt,
    version: event.version,
  };
  if (event.endDate !== undefined) simEvent.endDate = event.endDate;
  return simEvent;
}
