/**
 * A change to the world at a moment in simulated time: what workload generators produce and the
 * world applies. Events are named by id, or picked among the live ones by a fraction in [0, 1) that
 * the world resolves when the change is applied (so a generator need not track other generators).
 */
import type { Viewport } from '../batcher/ports.js';
import type { EventPatch, LngLat, SimEvent } from './event.js';
import type { UserFilter } from './filter.js';

export type EventRef = { id: string } | { pick: number };

export type Change =
  | { type: 'connect'; atMs: number; userId: string; viewport: Viewport | null; filters: readonly UserFilter[] }
  | { type: 'disconnect'; atMs: number; userId: string }
  | { type: 'viewport'; atMs: number; userId: string; viewport: Viewport | null }
  | { type: 'filter'; atMs: number; userId: string; filters: readonly UserFilter[] }
  | { type: 'event-create'; atMs: number; event: Omit<SimEvent, 'updatedAt' | 'version'> }
  | { type: 'event-update'; atMs: number; event: EventRef; patch: EventPatch }
  | { type: 'event-move'; atMs: number; event: EventRef; location: LngLat }
  | { type: 'event-delete'; atMs: number; event: EventRef }
  /** The maintenance job: clear the cache, reload it, and mark every connected user dirty. */
  | { type: 'cache-reload'; atMs: number };

export type ChangeType = Change['type'];
