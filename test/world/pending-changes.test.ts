import { describe, expect, it } from 'vitest';
import { PendingChanges, REASON_INDEX, RUN_LIMIT } from '../../src/world/pending-changes.js';
import { LatencyLog } from './helpers/world-harness.js';

describe('pending changes', () => {
  it('records each change exactly while few are pending', () => {
    const pending = new PendingChanges();
    pending.note(REASON_INDEX.viewport_change, 10);
    pending.note(REASON_INDEX.viewport_change, 25);
    pending.note(REASON_INDEX.viewport_change, 26.5);
    pending.note(REASON_INDEX.event_update, 12);
    pending.note(REASON_INDEX.event_update, 12);
    expect(pending.count).toBe(5);
    expect(pending.oldestMs).toBe(10);
    const log = new LatencyLog();
    pending.deliver(100, log);
    expect(log.values('viewport_change').sort((a, b) => a - b)).toEqual([73.5, 75, 90]);
    expect(log.values('event_update')).toEqual([88, 88]);
    expect(pending.count).toBe(0);
    expect(pending.oldestMs).toBe(Number.POSITIVE_INFINITY);
  });

  it('stays bounded under thousands of changes and keeps their count and range', () => {
    const pending = new PendingChanges();
    for (let i = 0; i < 10_000; i++) pending.note(REASON_INDEX.event_update, i);
    const log = new LatencyLog();
    pending.deliver(10_000, log);
    const values = log.values('event_update');
    expect(values.length).toBe(10_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...values)).toBeLessThanOrEqual(10_000);
    // Evenly spaced changes come back evenly spaced: the median is right to within a run's slice.
    values.sort((a, b) => a - b);
    expect(Math.abs(values[5_000]! - 5_000)).toBeLessThan(10_000 / RUN_LIMIT);
    expect(log.entries.length).toBeLessThanOrEqual(RUN_LIMIT * 64);
  });

  it('absorbs another set, keeping the oldest time', () => {
    const a = new PendingChanges();
    const b = new PendingChanges();
    a.note(REASON_INDEX.filter_change, 50);
    b.note(REASON_INDEX.filter_change, 20);
    b.note(REASON_INDEX.initial_request, 5);
    a.absorb(b);
    expect(a.count).toBe(3);
    expect(a.oldestMs).toBe(5);
    expect(b.count).toBe(0);
    const log = new LatencyLog();
    a.deliver(60, log);
    expect(log.values('filter_change').sort((x, y) => x - y)).toEqual([10, 40]);
    expect(log.values('initial_request')).toEqual([55]);
  });
});
