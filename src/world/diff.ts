/**
 * The diff rules of the field notes, over the compact view form (view-state.ts):
 * - first send for a user: the full list;
 * - nothing changed: nothing is sent (a no-op);
 * - more than half of the new list changed (adds + updates + removes > n / 2): the full list again;
 * - otherwise one add, update or remove message per changed event.
 * The new list comes as packed keys sorted ascending (so by uid), each with the index of its event;
 * comparing it with the sorted last-sent state is then one linear merge.
 */
import { encodeView, packRemoval, uidOf, VERSION_SPAN, ViewWriter, type OpList, type ViewState } from './view-state.js';

export type DiffKind = 'noop' | 'full' | 'ops';

export interface DiffCounts {
  kind: DiffKind;
  adds: number;
  updates: number;
  removes: number;
  /** Distinct events in the new list. */
  size: number;
}

export function decideDiffKind(firstSend: boolean, changed: number, newCount: number): DiffKind {
  if (firstSend) return 'full';
  if (changed === 0) return 'noop';
  return changed * 2 > newCount ? 'full' : 'ops';
}

/**
 * Sorts keys[0..n) ascending, moving index[] along. Insertion sort, because the lists the grid
 * returns are nearly sorted (events are laid out by position and numbered in that order); past a few
 * shifts per element it hands over to a general sort.
 */
export function sortKeysWithIndex(keys: number[], index: Int32Array, n: number): void {
  let shifts = 0;
  const budget = 8 * n + 64;
  for (let i = 1; i < n; i++) {
    const key = keys[i]!;
    if (keys[i - 1]! <= key) continue;
    const at = index[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      index[j + 1] = index[j]!;
      j--;
    }
    keys[j + 1] = key;
    index[j + 1] = at;
    shifts += i - j;
    if (shifts > budget) {
      sortGeneral(keys, index, n);
      return;
    }
  }
}

function sortGeneral(keys: number[], index: Int32Array, n: number): void {
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => keys[a]! - keys[b]!);
  const sortedKeys = order.map((i) => keys[i]!);
  const sortedIndex = order.map((i) => index[i]!);
  for (let i = 0; i < n; i++) {
    keys[i] = sortedKeys[i]!;
    index[i] = sortedIndex[i]!;
  }
}

/** Reusable scratch for diffs: one per filtering service, used only between two awaits. */
export class Differ {
  /** The changed entries of the last compare(), sorted: upserts (key) and removals (tag 0). */
  readonly opKeys: number[] = [];
  /** For each op, the index of its event in the new list's event array, or -1 for a removal. */
  opEvents: Int32Array = new Int32Array(256);
  opCount = 0;
  /** compare() encodes the new list as it merges: a send needs it as the new state (comparedState()). */
  private readonly writer = new ViewWriter();

  /**
   * Compares the sorted new keys with what was last sent (null: never sent); fills the op list.
   * A uid listed twice in the new keys (a caller bug) counts once.
   *
   * The new state is encoded as the merge goes, straight into the writer's bytes. Most entries are
   * unchanged, and an unchanged entry whose predecessor is also the same on both sides encodes to the
   * very bytes it has in the last-sent view: such runs are only decoded and compared, then copied
   * whole; only the entries around a change are merged and encoded one by one.
   */
  compare(lastSent: ViewState | null, keys: readonly number[], index: Int32Array, n: number): DiffCounts {
    this.opCount = 0;
    const writer = this.writer.reset();
    if (lastSent === null) {
      for (let i = 0; i < n; i++) writer.push(keys[i]!);
      const size = countDistinct(keys, n);
      return { kind: 'full', adds: size, updates: 0, removes: 0, size };
    }
    const opKeys = this.opKeys;
    let opEvents: Int32Array = this.opEvents;
    let ops = 0;
    let adds = 0;
    let updates = 0;
    let removes = 0;
    let size = 0;
    let i = 0;
    // The uid of the last entry written to the new state (-1: none yet, deltas then start from 0).
    let previousUid = -1;
    const view = lastSent;
    const length = view.length;
    // Where the next last-sent entry starts, and the uid of the one before it (0 at the start).
    let at = 0;
    let sentUid = 0;
    const bytes = writer.reserve(n);
    let out = 0;
    for (;;) {
      // In step: the next delta counts from the same uid on both sides (0 before the first entry), so
      // equal entries have equal bytes. Walk them without writing, then copy the run.
      if ((previousUid < 0 ? 0 : previousUid) === sentUid) {
        const runStart = at;
        while (i < n && at < length) {
          const key = keys[i]!;
          const uid = Math.floor(key / VERSION_SPAN);
          if (uid <= previousUid) break;
          const entryAt = at;
          let byte = view.charCodeAt(at++);
          let delta = byte & 127;
          let scale = 128;
          while (byte >= 128) {
            byte = view.charCodeAt(at++);
            delta += (byte & 127) * scale;
            scale *= 128;
          }
          byte = view.charCodeAt(at++);
          let tag = byte & 127;
          let shift = 7;
          while (byte >= 128) {
            byte = view.charCodeAt(at++);
            tag |= (byte & 127) << shift;
            shift += 7;
          }
          if (sentUid + delta !== uid || tag !== key - uid * VERSION_SPAN) {
            at = entryAt;
            break;
          }
          sentUid = uid;
          previousUid = uid;
          size++;
          i++;
        }
        if (at - runStart > 32) {
          out += bytes.write(view.slice(runStart, at), out, 'latin1');
        } else {
          for (let k = runStart; k < at; k++) bytes[out++] = view.charCodeAt(k);
        }
      }
      // One step of the merge: the next last-sent entry, decoded without consuming it yet.
      const hasSent = at < length;
      let nextAt = at;
      let nextUid = 0;
      let nextTag = 0;
      if (hasSent) {
        let byte = view.charCodeAt(nextAt++);
        let delta = byte & 127;
        let scale = 128;
        while (byte >= 128) {
          byte = view.charCodeAt(nextAt++);
          delta += (byte & 127) * scale;
          scale *= 128;
        }
        byte = view.charCodeAt(nextAt++);
        let tag = byte & 127;
        let shift = 7;
        while (byte >= 128) {
          byte = view.charCodeAt(nextAt++);
          tag |= (byte & 127) << shift;
          shift += 7;
        }
        nextUid = sentUid + delta;
        nextTag = tag;
      }
      if (ops + 1 >= opEvents.length) opEvents = this.growOpEvents();
      if (i < n) {
        const key = keys[i]!;
        const uid = Math.floor(key / VERSION_SPAN);
        if (uid === previousUid) {
          i++;
          continue;
        }
        if (hasSent && nextUid < uid) {
          opKeys[ops] = packRemoval(nextUid);
          opEvents[ops++] = -1;
          removes++;
          sentUid = nextUid;
          at = nextAt;
          continue;
        }
        if (hasSent && nextUid === uid) {
          if (nextTag !== key - uid * VERSION_SPAN) {
            opKeys[ops] = key;
            opEvents[ops++] = index[i]!;
            updates++;
          }
          sentUid = nextUid;
          at = nextAt;
        } else {
          opKeys[ops] = key;
          opEvents[ops++] = index[i]!;
          adds++;
        }
        let delta = uid - (previousUid < 0 ? 0 : previousUid);
        let tag = key - uid * VERSION_SPAN;
        while (delta >= 128) {
          bytes[out++] = (delta & 127) | 128;
          delta = Math.floor(delta / 128);
        }
        bytes[out++] = delta;
        while (tag >= 128) {
          bytes[out++] = (tag & 127) | 128;
          tag >>>= 7;
        }
        bytes[out++] = tag;
        previousUid = uid;
        size++;
        i++;
      } else if (hasSent) {
        opKeys[ops] = packRemoval(nextUid);
        opEvents[ops++] = -1;
        removes++;
        sentUid = nextUid;
        at = nextAt;
      } else {
        break;
      }
    }
    writer.commit(out, previousUid, size > 0);
    this.opCount = ops;
    return { kind: decideDiffKind(false, ops, size), adds, updates, removes, size };
  }

  /** The new list of the last compare(), encoded: what stateOf() of the same keys gives. */
  comparedState(): ViewState {
    return this.writer.toView();
  }

  /** The new state (it becomes last-sent and the client's view): the distinct sorted keys, encoded. */
  stateOf(keys: readonly number[], n: number): ViewState {
    return encodeView(keys, n);
  }

  /** The op list of the last compare(), as a fresh array. */
  opsPayload(): OpList {
    return this.opKeys.slice(0, this.opCount);
  }

  private growOpEvents(): Int32Array {
    const grown = new Int32Array(this.opEvents.length * 2);
    grown.set(this.opEvents);
    this.opEvents = grown;
    return grown;
  }
}

function countDistinct(keys: readonly number[], n: number): number {
  let count = 0;
  let previousUid = -1;
  for (let i = 0; i < n; i++) {
    const uid = uidOf(keys[i]!);
    if (uid !== previousUid) count++;
    previousUid = uid;
  }
  return count;
}
