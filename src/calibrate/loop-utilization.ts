/**
 * How busy the real event loop was during a real-clock run: Node's event-loop utilization (the share
 * of wall time the loop spent running JavaScript rather than waiting). Set against the modelled CPU
 * busy fraction it shows what the simulator itself added to the load it simulates.
 */
import { performance } from 'node:perf_hooks';

/** Starts a measurement; the returned function ends it and gives the busy share (0..1). */
export type LoopUtilizationMeter = () => () => number;

export const nodeLoopUtilization: LoopUtilizationMeter = () => {
  const start = performance.eventLoopUtilization();
  return () => performance.eventLoopUtilization(start).utilization;
};
