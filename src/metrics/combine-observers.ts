/** One BatcherObserver that calls several (the world's and the metrics recorder's), in order. */
import type { BatcherObserver, ProcessingRecord, ProcessingStart } from '../batcher/ports.js';

export function combineObservers(...observers: readonly (BatcherObserver | undefined)[]): BatcherObserver {
  const starts = observers.flatMap((o) => (o?.onProcessingStart === undefined ? [] : [o.onProcessingStart.bind(o)]));
  const ends = observers.flatMap((o) => (o?.onProcessingEnd === undefined ? [] : [o.onProcessingEnd.bind(o)]));
  return {
    onProcessingStart(start: ProcessingStart) {
      for (const hook of starts) hook(start);
    },
    onProcessingEnd(record: ProcessingRecord) {
      for (const hook of ends) hook(record);
    },
  };
}
