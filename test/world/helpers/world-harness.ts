/**
 * A world wired to a batcher on a VirtualClock, with every latency kept, for tests: build it, apply
 * changes at chosen times, then `settle()` flushes the batcher and delivers everything in flight.
 */
import { HybridUserUpdateBatcher } from '../../../src/batcher/hybrid-user-update-batcher.js';
import type { HybridUserUpdateBatcherConfig } from '../../../src/batcher/config.js';
import type { MarkReason } from '../../../src/batcher/ports.js';
import { VirtualClock } from '../../../src/clock/virtual-clock.js';
import { SeededRandom } from '../../../src/random/seeded-random.js';
import type { SimEvent } from '../../../src/world/event.js';
import type { ChangeLatencySink } from '../../../src/world/latency-sink.js';
import type { SimulationSettings } from '../../../src/world/settings.js';
import { World, type WorldBatcher, type WorldOptions } from '../../../src/world/world.js';

export interface RecordedLatency {
  reason: MarkReason;
  latencyMs: number;
  count: number;
  atMs: number;
}

export class LatencyLog implements ChangeLatencySink {
  readonly entries: RecordedLatency[] = [];
  recordChangeLatency(reason: MarkReason, latencyMs: number, count: number, atMs: number): void {
    this.entries.push({ reason, latencyMs, count, atMs });
  }
  /** One value per change (a count of n gives n values). */
  values(reason?: MarkReason): number[] {
    const out: number[] = [];
    for (const e of this.entries) if (reason === undefined || e.reason === reason) for (let i = 0; i < e.count; i++) out.push(e.latencyMs);
    return out;
  }
}

export interface BatcherLike extends WorldBatcher {
  start(): void;
  stop(): Promise<void>;
  forceProcessBatch(): Promise<void>;
}

export interface Harness {
  clock: VirtualClock;
  world: World;
  batcher: BatcherLike;
  latencies: LatencyLog;
  /** Runs the clock to `atMs` and applies the change there. */
  at(atMs: number, apply: () => void): Promise<void>;
  /** Flushes the batcher and runs the clock until nothing is pending or in flight. */
  settle(): Promise<void>;
}

export interface HarnessOptions {
  settings: SimulationSettings;
  seed?: number;
  batcherConfig?: HybridUserUpdateBatcherConfig;
  /** A batcher of the test's own (a faulty variant); default the real HybridUserUpdateBatcher. */
  createBatcher?: (deps: ConstructorParameters<typeof HybridUserUpdateBatcher>[0]) => BatcherLike;
  worldOptions?: Partial<Pick<WorldOptions, 'createTransport' | 'createAffectedUserFinder' | 'spatialIndex'>>;
  populate?: boolean;
}

export async function createHarness(options: HarnessOptions): Promise<Harness> {
  const clock = new VirtualClock();
  const latencies = new LatencyLog();
  const world = new World({
    clock,
    settings: options.settings,
    random: new SeededRandom(options.seed ?? 42),
    latencySink: latencies,
    ...options.worldOptions,
  });
  const deps = { clock, ...world.ports, observer: world.batcherObserver };
  const batcher: BatcherLike =
    options.createBatcher?.(deps) ?? new HybridUserUpdateBatcher(deps, { debounceTimeoutMs: 50, sweepIntervalMs: 1000, ...options.batcherConfig });
  world.attachBatcher(batcher);
  batcher.start();
  if (options.populate ?? true) world.populate();
  return {
    clock,
    world,
    batcher,
    latencies,
    async at(atMs, apply) {
      await clock.runUntil(atMs);
      apply();
    },
    async settle() {
      for (let round = 0; round < 50; round++) {
        await clock.runUntil(clock.now() + 10_000, { limit: 10_000_000 });
        const work = world.pendingWork();
        if (work.deferredMarks === 0 && work.messagesInFlight === 0 && work.undeliveredChanges === 0) break;
      }
      await batcher.stop();
      await clock.runAll({ limit: 10_000_000 });
    },
  };
}

let eventCounter = 0;
/** A public, verified event at a point, ready for an `event-create` change. */
export function eventAt(lng: number, lat: number, fields: Partial<Omit<SimEvent, 'updatedAt' | 'version'>> = {}): Omit<SimEvent, 'updatedAt' | 'version'> {
  eventCounter++;
  return {
    id: `t${eventCounter}`,
    title: `test event ${eventCounter}`,
    location: [lng, lat],
    eventDate: 0,
    status: 'VERIFIED',
    categories: ['music'],
    isPrivate: false,
    creatorId: 'u-creator',
    sharedWith: [],
    scanCount: 0,
    saveCount: 0,
    ...fields,
  };
}
