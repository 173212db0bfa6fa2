/** Subscribes a component to a RunFeed and unsubscribes on unmount. */
import { useSyncExternalStore } from 'react';
import type { RunFeed, RunFeedState } from './run-feed.js';

export function useRunFeed(feed: RunFeed): RunFeedState {
  return useSyncExternalStore(feed.subscribe, feed.getState, feed.getState);
}
