/**
 * The compact form of "what a client holds": one float per event, `uid * 2^21 + versionTag`, in a
 * Float64Array sorted ascending (so by uid). Eight bytes per event instead of a Map entry's sixty or
 * more: with hundreds of events per user and two copies (what the server last sent, what the client
 * applied) this is what keeps a simulated user under a few kilobytes.
 * An op list has the same form; a versionTag of 0 in an op means "remove".
 */
export const VERSION_SPAN = 2 ** 21;
/** Largest uid that still packs exactly into a double (uid * 2^21 < 2^53). */
export const MAX_UID = 2 ** 32 - 1;

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

export const EMPTY_VIEW: Float64Array = new Float64Array(0);

/** Index of the entry with this uid, or -1. */
export function indexOfUid(view: Float64Array, uid: number): number {
  const low = uid * VERSION_SPAN;
  const high = low + VERSION_SPAN;
  let lo = 0;
  let hi = view.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (view[mid]! < low) lo = mid + 1;
    else hi = mid;
  }
  return lo < view.length && view[lo]! < high ? lo : -1;
}

/** The view after applying an op list (both sorted by uid): what a client does with per-event messages. */
export function applyOps(view: Float64Array, ops: Float64Array): Float64Array {
  const out = new Float64Array(view.length + ops.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < view.length || j < ops.length) {
    if (j >= ops.length) {
      out[n++] = view[i++]!;
      continue;
    }
    const op = ops[j]!;
    const opUid = uidOf(op);
    if (i < view.length) {
      const entry = view[i]!;
      const uid = uidOf(entry);
      if (uid < opUid) {
        out[n++] = entry;
        i++;
        continue;
      }
      // The op replaces (or removes) the client's entry for the same uid.
      if (uid === opUid) i++;
    }
    if (versionTagOf(op) !== 0) out[n++] = op;
    j++;
  }
  return n === out.length ? out : out.slice(0, n);
}

export function viewsEqual(a: Float64Array, b: Float64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
