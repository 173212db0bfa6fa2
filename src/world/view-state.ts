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

/**
 * Builds a view entry by entry into bytes it keeps (grown as needed, never shrunk), so the only
 * allocation is the final string; a merge can encode its output as it goes. Entries must come sorted
 * by uid; a repeated uid keeps its first entry.
 */
export class ViewWriter {
  private bytes: Buffer = Buffer.allocUnsafe(4096);
  private at = 0;
  private previousUid = 0;
  private first = true;

  reset(): this {
    this.at = 0;
    this.previousUid = 0;
    this.first = true;
    return this;
  }

  push(key: number): void {
    const uid = Math.floor(key / VERSION_SPAN);
    if (!this.first && uid === this.previousUid) return;
    this.pushDistinct(uid, key);
  }

  /** push() for a caller that already has the uid and knows it differs from the previous one. */
  pushDistinct(uid: number, key: number): void {
    // An entry takes at most 5 bytes of uid delta (uids < 2^32) and 3 of version tag (< 2^21).
    if (this.at + 8 > this.bytes.length) this.grow();
    const bytes = this.bytes;
    let at = this.at;
    let delta = uid - this.previousUid;
    let tag = key - uid * VERSION_SPAN;
    this.previousUid = uid;
    this.first = false;
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
    this.at = at;
  }

  /**
   * For a caller that encodes `entries` entries itself (a merge that writes as it goes): the bytes,
   * with room for them after what is written; it reports back with commit().
   */
  reserve(entries: number): Buffer {
    while (this.at + 8 * entries > this.bytes.length) this.grow();
    return this.bytes;
  }

  /** What a reserve() caller wrote: the bytes up to `at`, the last entry's uid. */
  commit(at: number, lastUid: number, any: boolean): void {
    this.at = at;
    if (any) {
      this.previousUid = lastUid;
      this.first = false;
    }
  }

  toView(): ViewState {
    return this.bytes.toString('latin1', 0, this.at);
  }

  private grow(): void {
    const grown = Buffer.allocUnsafe(this.bytes.length * 2);
    this.bytes.copy(grown, 0, 0, this.at);
    this.bytes = grown;
  }
}

const writer = new ViewWriter();

/** Encodes keys[0..n), sorted ascending, one entry per uid (a repeated uid keeps its first entry). */
export function encodeView(keys: readonly number[], n: number): ViewState {
  writer.reset();
  for (let i = 0; i < n; i++) writer.push(keys[i]!);
  return writer.toView();
}

/**
 * Whether `view` is exactly what encodeView(keys, n) would make (keys sorted ascending), read entry by
 * entry against the keys without building anything: most processings find nothing changed, and this
 * tells them so at the cost of one pass over the view. Views are canonical (minimal varints, sorted,
 * one entry per uid), so equal entries mean equal strings.
 */
export function viewEquals(view: ViewState, keys: readonly number[], n: number): boolean {
  const length = view.length;
  let at = 0;
  let uid = 0;
  let previousUid = -1;
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    const keyUid = Math.floor(key / VERSION_SPAN);
    if (keyUid === previousUid) continue;
    previousUid = keyUid;
    if (at >= length) return false;
    let byte: number;
    let delta = 0;
    let scale = 1;
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
    uid += delta;
    if (uid !== keyUid || tag !== key - keyUid * VERSION_SPAN) return false;
  }
  // Reading past the end yields NaN bytes, which end a varint: `at` then overshoots the length.
  return at === length;
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

/**
 * The view after applying an op list sorted by uid: what a client does with per-event messages.
 * When `expected` is given (the server's state after these ops), the result is first checked against
 * it entry by entry as the merge runs, writing nothing: if they agree, `expected` itself is returned
 * (the client and the server then share one string); only a client that does not end up where the
 * server believes (a lost message, a wrong op) pays for building its own view.
 */
export function applyOps(view: ViewState, ops: OpList, expected?: ViewState): ViewState {
  if (expected !== undefined && opsLeadTo(view, ops, expected)) return expected;
  const held = reader.reset(view);
  writer.reset();
  let entry = held.next();
  let j = 0;
  while (entry >= 0 || j < ops.length) {
    if (j >= ops.length) {
      writer.push(entry);
      entry = held.next();
      continue;
    }
    const op = ops[j]!;
    const opUid = uidOf(op);
    if (entry >= 0) {
      const uid = uidOf(entry);
      if (uid < opUid) {
        writer.push(entry);
        entry = held.next();
        continue;
      }
      // The op replaces (or removes) the client's entry for the same uid.
      if (uid === opUid) entry = held.next();
    }
    if (versionTagOf(op) !== 0) writer.push(op);
    j++;
  }
  return writer.toView();
}

/**
 * Whether applying `ops` to `view` gives exactly `expected`: the merge of applyOps, compared as it goes.
 * Both views are decoded in place (one site each), as this runs for every per-event message.
 */
function opsLeadTo(view: ViewState, ops: OpList, expected: ViewState): boolean {
  const heldLength = view.length;
  let heldAt = 0;
  let heldUid = 0;
  let heldTag = 0;
  let hasHeld = false;
  let loadHeld = true;
  const targetLength = expected.length;
  let targetAt = 0;
  let targetUid = 0;
  let j = 0;
  // As the writer does, a repeated uid keeps its first entry.
  let previousUid = -1;
  for (;;) {
    if (loadHeld) {
      loadHeld = false;
      hasHeld = heldAt < heldLength;
      if (hasHeld) {
        let byte = view.charCodeAt(heldAt++);
        let delta = byte & 127;
        let scale = 128;
        while (byte >= 128) {
          byte = view.charCodeAt(heldAt++);
          delta += (byte & 127) * scale;
          scale *= 128;
        }
        byte = view.charCodeAt(heldAt++);
        let tag = byte & 127;
        let shift = 7;
        while (byte >= 128) {
          byte = view.charCodeAt(heldAt++);
          tag |= (byte & 127) << shift;
          shift += 7;
        }
        heldUid += delta;
        heldTag = tag;
      }
    }
    let outUid: number;
    let outTag: number;
    if (j >= ops.length) {
      if (!hasHeld) break;
      outUid = heldUid;
      outTag = heldTag;
      loadHeld = true;
    } else {
      const op = ops[j]!;
      const opUid = Math.floor(op / VERSION_SPAN);
      if (hasHeld && heldUid < opUid) {
        outUid = heldUid;
        outTag = heldTag;
        loadHeld = true;
      } else {
        // The op replaces (or removes) the held entry for the same uid.
        if (hasHeld && heldUid === opUid) loadHeld = true;
        j++;
        outTag = op - opUid * VERSION_SPAN;
        if (outTag === 0) continue;
        outUid = opUid;
      }
    }
    if (outUid === previousUid) continue;
    previousUid = outUid;
    if (targetAt >= targetLength) return false;
    let byte = expected.charCodeAt(targetAt++);
    let delta = byte & 127;
    let scale = 128;
    while (byte >= 128) {
      byte = expected.charCodeAt(targetAt++);
      delta += (byte & 127) * scale;
      scale *= 128;
    }
    byte = expected.charCodeAt(targetAt++);
    let tag = byte & 127;
    let shift = 7;
    while (byte >= 128) {
      byte = expected.charCodeAt(targetAt++);
      tag |= (byte & 127) << shift;
      shift += 7;
    }
    targetUid += delta;
    if (targetUid !== outUid || tag !== outTag) return false;
  }
  return targetAt >= targetLength;
}
