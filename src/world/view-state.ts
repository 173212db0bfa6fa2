/**
 * The compact form of "what a client holds": a set of (uid, version) entries. An entry is packed in
 * one number, `uid * 2^21 + versionTag` (the "key"); a view is its keys sorted ascending (so by uid)
 * and encoded in a one-byte string, each entry as two varints: the uid's distance from the previous
 * entry's uid, then the version tag. Events of one viewport have neighbouring uids (the cache numbers
 * them in spatial order) and few versions, so an entry takes about two bytes instead of the eight of a
 * double or the sixty-odd of a Map entry: that is what keeps a simulated user within a few kilobytes.
 * Strings are immutable and compare with ===, so the server's last-sent state and the client's view
 * share one, and "nothing changed" is a pointer or memcmp check.
 * An op list (per-event messages) is a plain array of keys; a version tag of 0 there means "remove".
 */
import { Buffer } from 'node:buffer';

export type ViewState = string;
export type OpList = readonly number[];

export const VERSION_SPAN = 2 ** 21;
/** Largest uid that still packs exactly into a double (uid * 2^21 < 2^53). */
export const MAX_UID = 2 ** 32 - 1;
export const EMPTY_VIEW: ViewState = '';

/** Versions wrap in [1, 2^21 - 1]: equality would mistake two versions only 2^21 - 1 apart. */
export function versionTag(version: number): number {
  return ((version - 1) % (VERSION_SPAN - 1)) + 1;
}

export function packEntry(uid: number, version: number): number {
  return uid * VERSION_SPAN + versionTag(version);
}

export function packRemoval(uid: number): number {
  return uid * VERSION_SPAN;
}

export function uidOf(entry: number): number {
  return Math.floor(entry / VERSION_SPAN);
}

export function versionTagOf(entry: number): number {
  return entry - Math.floor(entry / VERSION_SPAN) * VERSION_SPAN;
}

let scratch = Buffer.allocUnsafe(4096);

/** Encodes keys[0..n), sorted ascending, one entry per uid (a repeated uid keeps its first entry). */
export function encodeView(keys: readonly number[], n: number): ViewState {
  if (scratch.length < n * 10) scratch = Buffer.allocUnsafe(Math.max(n * 10, scratch.length * 2));
  const bytes = scratch;
  let at = 0;
  let previousUid = 0;
  let first = true;
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    const uid = Math.floor(key / VERSION_SPAN);
    if (!first && uid === previousUid) continue;
    let delta = uid - previousUid;
    let tag = key - uid * VERSION_SPAN;
    previousUid = uid;
    first = false;
    while (delta >= 128) {
      bytes[at++] = (delta & 127) | 128;
      delta = Math.floor(delta / 128);
    }
    bytes[at++] = delta;
    while (tag >= 128) {
      bytes[at++] = (tag & 127) | 128;
      tag >>>= 7;
    }
    bytes[at++] = tag;
  }
  return bytes.toString('latin1', 0, at);
}

/**
 * Walks a view's entries in order without building an array. `next()` returns the next key, or -1
 * at the end.
 */
export class ViewReader {
  private view: ViewState = EMPTY_VIEW;
  private at = 0;
  private uid = 0;

  reset(view: ViewState): this {
    this.view = view;
    this.at = 0;
    this.uid = 0;
    return this;
  }

  next(): number {
    const view = this.view;
    if (this.at >= view.length) return -1;
    let at = this.at;
    let delta = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = view.charCodeAt(at++);
      delta += (byte & 127) * scale;
      scale *= 128;
    } while (byte >= 128);
    let tag = 0;
    let shift = 0;
    do {
      byte = view.charCodeAt(at++);
      tag |= (byte & 127) << shift;
      shift += 7;
    } while (byte >= 128);
    this.at = at;
    this.uid += delta;
    return this.uid * VERSION_SPAN + tag;
  }
}

const reader = new ViewReader();

/** The view's keys as an array (tests, the oracle and clients; not the hot path). */
export function decodeView(view: ViewState): number[] {
  const keys: number[] = [];
  reader.reset(view);
  for (let key = reader.next(); key >= 0; key = reader.next()) keys.push(key);
  return keys;
}

export function viewSize(view: ViewState): number {
  let count = 0;
  reader.reset(view);
  while (reader.next() >= 0) count++;
  return count;
}

/** The view after applying an op list sorted by uid: what a client does with per-event messages. */
export function applyOps(view: ViewState, ops: OpList): ViewState {
  const held = decodeView(view);
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < held.length || j < ops.length) {
    if (j >= ops.length) {
      out.push(held[i++]!);
      continue;
    }
    const op = ops[j]!;
    const opUid = uidOf(op);
    if (i < held.length) {
      const entry = held[i]!;
      const uid = uidOf(entry);
      if (uid < opUid) {
        out.push(entry);
        i++;
        continue;
      }
      // The op replaces (or removes) the client's entry for the same uid.
      if (uid === opUid) i++;
    }
    if (versionTagOf(op) !== 0) out.push(op);
    j++;
  }
  return encodeView(out, out.length);
}
