/** Thrown by VirtualClock.runAll (and the other run methods) when more callbacks ran than allowed. */
export class VirtualClockLoopLimitError extends Error {
  override readonly name = 'VirtualClockLoopLimitError';
  constructor(
    readonly limit: number,
    readonly pendingCallbacks: number,
  ) {
    super(
      `the virtual clock ran ${limit} callbacks and ${pendingCallbacks} are still pending; ` +
        'an interval or a timer that keeps rescheduling itself probably never stops (raise the limit or clear it)',
    );
  }
}

/** Thrown when run methods of one VirtualClock are called while another is still running. */
export class VirtualClockReentryError extends Error {
  override readonly name = 'VirtualClockReentryError';
  constructor(method: string) {
    super(`VirtualClock.${method}() was called while the clock was already running; await the first call`);
  }
}
