/**
 * The LagMonitor on the virtual clock, where lateness is exact: every probe is recorded, on time as
 * 0, and a probe that CPU held past its due time is recorded with its lateness.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { LagMonitor } from '../../src/engine/lag-monitor.js';

/** A monitor probing every 20 ms on a fresh virtual clock, and the lags it reports. */
function monitorEvery20ms(): { clock: VirtualClock; lags: number[]; monitor: LagMonitor } {
  const clock = new VirtualClock();
  const lags: number[] = [];
  return { clock, lags, monitor: new LagMonitor(clock, (lagMs) => lags.push(lagMs), 20) };
}

describe('LagMonitor', () => {
  it('records every probe, on time as 0', async () => {
    const { clock, lags, monitor } = monitorEvery20ms();
    monitor.start();
    monitor.start(); // a second start arms no second probe
    await clock.runUntil(100);
    expect(lags).toEqual([0, 0, 0, 0, 0]);
    monitor.stop();
    await clock.runAll();
    expect(lags).toHaveLength(5);
  });

  it('records how late CPU made a probe, then probes again from when it fired', async () => {
    const { clock, lags, monitor } = monitorEvery20ms();
    monitor.start();
    // At 30 ms a callback holds the loop for 45 ms: the probe due at 40 fires at 75.
    clock.setTimeout(() => clock.spendCpu(45), 30);
    await clock.runUntil(120);
    monitor.stop();
    // Probes at 20 (on time), 75 (35 late), then 95 and 115 (on time).
    expect(lags).toEqual([0, 35, 0, 0]);
  });

  it('counts lateness up to the timer granularity (1 ms) as on time', async () => {
    const { clock, lags, monitor } = monitorEvery20ms();
    monitor.start();
    clock.setTimeout(() => clock.spendCpu(10.5), 10);
    clock.setTimeout(() => clock.spendCpu(2.5), 40);
    await clock.runUntil(50);
    monitor.stop();
    // 10 + 10.5 = 20.5: half a millisecond late is granularity; 40 + 2.5 = 42.5 vs 40.5: 2 ms late.
    expect(lags).toEqual([0, 2]);
  });
});
