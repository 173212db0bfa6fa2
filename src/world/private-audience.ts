/**
 * Who may see each private event in the cache, by user: user id -> uids of the private events it
 * created or that are shared with it. Processing asks this instead of reading the event's creator and
 * share list: a private event in a viewport then costs one set lookup for the few users in its
 * audience and nothing for the others, where reading the event object, its creator string and its
 * share array cost several cache misses per event (about half of the filter's time).
 *
 * An event's audience never changes (updates and moves keep creator, privacy and shares), so an entry
 * is exact for as long as the uid is live. Entries leave with their event; a list queried before a
 * departure may still hold that event, so each departure moves `epoch` on, and a list whose epoch is
 * older must be checked against the event objects instead (filtering-service.ts).
 */
import type { CachedEvent } from './cached-event.js';

export class PrivateAudience {
  private readonly byUser = new Map<string, Set<number>>();
  private changes = 0;

  /** Moves on whenever a private event leaves (or everything does): lists carry the epoch of their query. */
  get epoch(): number {
    return this.changes;
  }

  /** Notes a private event that entered the cache (public events are ignored). */
  add(event: CachedEvent): void {
    if (!event.isPrivate) return;
    this.addFor(event.creatorId, event.uid);
    for (const userId of event.sharedWith) this.addFor(userId, event.uid);
  }

  /** Forgets a private event that left the cache. */
  remove(event: CachedEvent): void {
    if (!event.isPrivate) return;
    this.removeFor(event.creatorId, event.uid);
    for (const userId of event.sharedWith) this.removeFor(userId, event.uid);
    this.changes++;
  }

  clear(): void {
    this.byUser.clear();
    this.changes++;
  }

  /** The uids of the live private events this user may see; undefined when there are none. */
  visibleTo(userId: string): ReadonlySet<number> | undefined {
    return this.byUser.get(userId);
  }

  private addFor(userId: string, uid: number): void {
    const uids = this.byUser.get(userId);
    if (uids === undefined) this.byUser.set(userId, new Set([uid]));
    else uids.add(uid);
  }

  private removeFor(userId: string, uid: number): void {
    const uids = this.byUser.get(userId);
    if (uids === undefined) return;
    uids.delete(uid);
    if (uids.size === 0) this.byUser.delete(userId);
  }
}
