export type { Clock, TimerCallback, TimerHandle } from './clock.js';
export { sleepOn, yieldOn } from './clock.js';
export { VirtualClock } from './virtual-clock.js';
export type { VirtualClockOptions, VirtualClockStats, RunOptions } from './virtual-clock.js';
export { RealClock } from './real-clock.js';
export type { RealClockOptions } from './real-clock.js';
export { VirtualClockLoopLimitError, VirtualClockReentryError } from './errors.js';
