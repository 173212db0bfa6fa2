/**
 * The diff rules of the field notes, over the compact view form (view-state.ts):
 * - first send for a user: the full list;
 * - nothing changed: nothing is sent (a no-op);
 * - more than half of the new list changed (adds + updates + removes > n / 2): the full list again;
 * - otherwise one add, update or remove message per changed event.
 * Classifying the new events needs no sort (a binary search each in the last-sent state), so the
 * common no-op case allocates nothing; the sorted arrays are built only for a send.
 */
import type { CachedEvent } from './cached-event.js';
import { indexOfUid, packEntry, packRemoval, uidOf, versionTag, versionTagOf } from './view-state.js';

export type DiffKind = 'noop' | 'full' | 'ops';

export interface DiffCounts {
  kind: DiffKind;
  adds: number;
  updates: number;
  removes: number;
  /** Payload bytes of the events the add and update messages would carry. */
  upsertPayloadBytes: number;
}

export function decideDiffKind(firstSend: boolean, changed: number, newCount: number): DiffKind {
  if (firstSend) return 'full';
  if (changed === 0) return 'noop';
  return changed * 2 > newCount ? 'full' : 'ops';
}

/** Reusable scratch for diffs: one per filtering service, never shared across awaits. */
export class Differ {
  private matched = new Uint8Array(256);

  /** Compares `events[0..count)` with what was last sent (null: never sent) and picks the message form. */
  classify(lastSent: Float64Array | null, events: readonly CachedEvent[], count: number): DiffCounts {
    if (lastSent === null) {
      return { kind: 'full', adds: count, updates: 0, removes: 0, upsertPayloadBytes: sumPayload(events, count) };
    }
    const matched = this.scratchFor(lastSent.length);
    let adds = 0;
    let updates = 0;
    let kept = 0;
    let upsertPayloadBytes = 0;
    for (let i = 0; i < count; i++) {
      const event = events[i]!;
      const at = indexOfUid(lastSent, event.uid);
      if (at < 0) {
        adds++;
        upsertPayloadBytes += event.payloadBytes;
      } else if (matched[at] === 0) {
        matched[at] = 1;
        kept++;
        if (versionTagOf(lastSent[at]!) !== versionTag(event.version)) {
          updates++;
          upsertPayloadBytes += event.payloadBytes;
        }
      }
    }
    matched.fill(0, 0, lastSent.length);
    const removes = lastSent.length - kept;
    const kind = decideDiffKind(false, adds + updates + removes, count);
    return { kind, adds, updates, removes, upsertPayloadBytes };
  }

  /** The full new state, sorted: what a full-list message carries and what last-sent becomes. */
  fullState(events: readonly CachedEvent[], count: number): Float64Array {
    const state = new Float64Array(count);
    for (let i = 0; i < count; i++) state[i] = packEntry(events[i]!.uid, events[i]!.version);
    state.sort();
    return dedupeSorted(state);
  }

  /** One op per changed event (upsert, or removal with tag 0), sorted by uid. */
  ops(lastSent: Float64Array, events: readonly CachedEvent[], count: number): Float64Array {
    const matched = this.scratchFor(lastSent.length);
    const ops: number[] = [];
    for (let i = 0; i < count; i++) {
      const event = events[i]!;
      const at = indexOfUid(lastSent, event.uid);
      if (at >= 0) {
        if (matched[at] === 1) continue;
        matched[at] = 1;
        if (versionTagOf(lastSent[at]!) === versionTag(event.version)) continue;
      }
      ops.push(packEntry(event.uid, event.version));
    }
    for (let i = 0; i < lastSent.length; i++) {
      if (matched[i] === 0) ops.push(packRemoval(uidOf(lastSent[i]!)));
    }
    matched.fill(0, 0, lastSent.length);
    const sorted = Float64Array.from(ops);
    sorted.sort();
    return sorted;
  }

  private scratchFor(length: number): Uint8Array {
    if (this.matched.length < length) this.matched = new Uint8Array(Math.max(length, this.matched.length * 2));
    return this.matched;
  }
}

function sumPayload(events: readonly CachedEvent[], count: number): number {
  let bytes = 0;
  for (let i = 0; i < count; i++) bytes += events[i]!.payloadBytes;
  return bytes;
}

/** The same event twice in one list (a caller bug) must not make the client's view ambiguous. */
function dedupeSorted(state: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < state.length; i++) {
    if (n > 0 && uidOf(state[i]!) === uidOf(state[n - 1]!)) continue;
    state[n++] = state[i]!;
  }
  return n === state.length ? state : state.slice(0, n);
}
