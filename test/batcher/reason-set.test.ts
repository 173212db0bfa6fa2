import { describe, expect, it } from 'vitest';
import { addReason, EMPTY_REASON_SET, mergeReasons, reasonIndex, reasonsOf } from '../../src/batcher/reason-set.js';
import { MARK_REASONS } from '../../src/batcher/ports.js';

describe('ReasonSet', () => {
  it('keeps distinct reasons in the order first seen', () => {
    let set = EMPTY_REASON_SET;
    for (const reason of ['event_update', 'viewport_change', 'event_update', 'initial_request', 'viewport_change'] as const) {
      set = addReason(set, reasonIndex(reason));
    }
    expect(reasonsOf(set)).toEqual(['event_update', 'viewport_change', 'initial_request']);
  });

  it('holds all four reasons in any order within 16 bits', () => {
    const set = [3, 1, 0, 2].reduce((s, i) => addReason(s, i), EMPTY_REASON_SET);
    expect(reasonsOf(set)).toEqual(['event_update', 'filter_change', 'viewport_change', 'initial_request']);
    expect(set).toBeLessThan(1 << 16);
  });

  it('merges: the first set in its order, then what the second adds', () => {
    const first = addReason(addReason(EMPTY_REASON_SET, 3), 1);
    const second = addReason(addReason(addReason(EMPTY_REASON_SET, 0), 3), 2);
    expect(reasonsOf(mergeReasons(first, second))).toEqual([
      'event_update',
      'filter_change',
      'viewport_change',
      'initial_request',
    ]);
  });

  it('knows exactly the mark reasons', () => {
    expect(MARK_REASONS.map(reasonIndex)).toEqual([0, 1, 2, 3]);
    expect(reasonIndex('panned')).toBe(-1);
    expect(reasonIndex(undefined)).toBe(-1);
  });
});
