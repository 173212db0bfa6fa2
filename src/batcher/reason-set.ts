/**
 * The distinct mark reasons of a user's pending marks, in the order first seen, packed in one small
 * integer so a user's state stays a few typed-array cells (no array per user). There are four
 * reasons, so the order fits in base-5 digits (0 = no reason), most recent last: at most 5^4 = 625.
 */
import { MARK_REASONS } from './ports.js';
import type { MarkReason } from './ports.js';

export type ReasonSet = number;

export const EMPTY_REASON_SET: ReasonSet = 0;

/** The index of a reason in MARK_REASONS, or -1 when it is not a reason. */
export function reasonIndex(reason: unknown): number {
  switch (reason) {
    case 'viewport_change':
      return 0;
    case 'filter_change':
      return 1;
    case 'initial_request':
      return 2;
    case 'event_update':
      return 3;
    default:
      return -1;
  }
}

function contains(set: ReasonSet, digit: number): boolean {
  for (let rest = set; rest > 0; rest = Math.floor(rest / 5)) {
    if (rest % 5 === digit) return true;
  }
  return false;
}

/** The set with the reason of index `index` appended, unless it is already in it. */
export function addReason(set: ReasonSet, index: number): ReasonSet {
  const digit = index + 1;
  return contains(set, digit) ? set : set * 5 + digit;
}

/** `first`'s reasons in their order, then those of `second` that `first` lacks. */
export function mergeReasons(first: ReasonSet, second: ReasonSet): ReasonSet {
  let merged = first;
  for (const index of digitsOf(second)) merged = addReason(merged, index);
  return merged;
}

function digitsOf(set: ReasonSet): number[] {
  const indices: number[] = [];
  for (let rest = set; rest > 0; rest = Math.floor(rest / 5)) indices.push((rest % 5) - 1);
  return indices.reverse();
}

export function reasonsOf(set: ReasonSet): MarkReason[] {
  return digitsOf(set).map((index) => MARK_REASONS[index] as MarkReason);
}
