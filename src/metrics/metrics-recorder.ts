/**
 * Collects what a run measures while it runs: per-change latencies by reason (from the world's
 * clients), event-loop lag (from the clock), processing outcomes (from the batcher's observer), and a
 * time series sampled on the run's clock (dirty users, active timers, rates, a sliding-window p99,
 * stale clients). Cheap to feed; the expensive summaries are computed when read.
 *
 * Two-phase wiring, because the world needs the recorder as its latency sink before the batcher
 * and the world exist to be read: construct it, build the world and the batcher, then `attach()`.
 */
import { MARK_REASONS, type BatcherObserver, type MarkReason, type ProcessingRecord } from '../batcher/ports.js';
import type { BatcherStats } from '../batcher/stats.js';
import type { Clock, TimerHandle } from '../clock/clock.js';
import type { ChangeLatencySink } from '../world/latency-sink.js';
import { LatencyBuckets } from './latency-buckets.js';
import { EMPTY_LATENCY_STATS, LatencyHistogram } from './latency-histogram.js';
import type { LatencyStats, StalenessReport, TimeSeriesPoint } from './summary.js';

/** What the recorder reads at each sample. */
export interface MetricsSources {
  batcherStats(): Pick<BatcherStats, 'totalUsersMarkedDirty' | 'currentDirtyUsers' | 'currentActiveTimers'>;
  /** Clients whose oldest change not yet visible is older than the threshold (World.countStaleClients). */
  countStaleClients(nowMs: number, thresholdMs: number): number;
}

export interface MetricsRecorderOptions {
  clock: Clock;
  /** Simulated ms between time-series samples. */
  sampleIntervalMs: number;
  /** A client holding a view older than this counts as stale at a sample. */
  stalenessThresholdMs: number;
  /** The time series' p99 covers this much time before each sample; default max(sample interval, 1 s). */
  windowMs?: number;
}

const REASON_POSITION = Object.fromEntries(MARK_REASONS.map((reason, i) => [reason, i])) as Record<MarkReason, number>;

export interface LatencyByReason {
  overall: LatencyStats;
  byReason: Record<MarkReason, LatencyStats>;
}

export class MetricsRecorder implements ChangeLatencySink {
  readonly sampleIntervalMs: number;
  readonly stalenessThresholdMs: number;
  /** Pass to the batcher (combined with the world's): counts processings and their outcomes. */
  readonly batcherObserver: BatcherObserver;

  private readonly clock: Clock;
  private sources: MetricsSources | null = null;
  private readonly byReason: LatencyHistogram[] = MARK_REASONS.map(() => new LatencyHistogram());
  private readonly overall = new LatencyHistogram();
  private overallStale = false;
  private readonly buckets = new LatencyBuckets();
  private readonly lag = new LatencyHistogram();
  /** Latencies delivered since the last sample, and the ring of the last few intervals. */
  private currentWindow = new LatencyHistogram();
  private readonly windowRing: LatencyHistogram[] = [];
  private readonly windowIntervals: number;
  private readonly windowMerged = new LatencyHistogram();
  private readonly series: TimeSeriesPoint[] = [];
  private samplingTimer: TimerHandle | null = null;
  private lastSampleAtMs: number;
  private lastSampleMarks = 0;
  private lastSampleProcessings = 0;
  private staleSamples = 0;
  private staleSum = 0;
  private staleMax = 0;
  private sampledMaxDirty = 0;
  private sampledMaxTimers = 0;
  private processingsEnded = 0;
  private processingsFailed = 0;
  private processingsStarted = 0;

  constructor(options: MetricsRecorderOptions) {
    if (!(options.sampleIntervalMs > 0)) throw new RangeError(`sampleIntervalMs must be > 0, got ${options.sampleIntervalMs}`);
    if (!(options.stalenessThresholdMs >= 0)) {
      throw new RangeError(`stalenessThresholdMs must be >= 0, got ${options.stalenessThresholdMs}`);
    }
    this.clock = options.clock;
    this.sampleIntervalMs = options.sampleIntervalMs;
    this.stalenessThresholdMs = options.stalenessThresholdMs;
    const windowMs = options.windowMs ?? Math.max(options.sampleIntervalMs, 1000);
    this.windowIntervals = Math.max(1, Math.round(windowMs / options.sampleIntervalMs));
    this.lastSampleAtMs = options.clock.now();
    this.batcherObserver = {
      onProcessingStart: () => {
        this.processingsStarted++;
      },
      onProcessingEnd: (record: ProcessingRecord) => {
        this.processingsEnded++;
        if (record.outcome === 'failed') this.processingsFailed++;
      },
    };
  }

  attach(sources: MetricsSources): void {
    this.sources = sources;
  }

  recordChangeLatency(reason: MarkReason, latencyMs: number, count: number): void {
    this.byReason[REASON_POSITION[reason]]!.record(latencyMs, count);
    this.currentWindow.record(latencyMs, count);
    this.buckets.record(latencyMs, count);
    this.overallStale = true;
  }

  /** A timer callback ran `lagMs` after it was due (VirtualClock's onLag, or a real-loop monitor). */
  recordEventLoopLag(lagMs: number): void {
    this.lag.record(lagMs);
  }

  get processings(): number {
    return this.processingsEnded;
  }

  get failedProcessings(): number {
    return this.processingsFailed;
  }

  get startedProcessings(): number {
    return this.processingsStarted;
  }

  /** Samples every sampleIntervalMs on the clock until stopSampling(). */
  startSampling(): void {
    if (this.samplingTimer !== null) return;
    this.lastSampleAtMs = this.clock.now();
    this.samplingTimer = this.clock.setInterval(() => {
      this.sample();
    }, this.sampleIntervalMs);
  }

  stopSampling(): void {
    this.clock.clearInterval(this.samplingTimer);
    this.samplingTimer = null;
  }

  /** Takes one time-series point now (the interval timer calls this; so may the engine at the end). */
  sample(): TimeSeriesPoint {
    const now = this.clock.now();
    const sources = this.requireSources();
    const stats = sources.batcherStats();
    const elapsedSeconds = Math.max(now - this.lastSampleAtMs, 1e-9) / 1000;
    const marks = stats.totalUsersMarkedDirty;
    this.windowRing.push(this.currentWindow);
    if (this.windowRing.length > this.windowIntervals) {
      const recycled = this.windowRing.shift()!;
      recycled.reset();
      this.currentWindow = recycled;
    } else {
      this.currentWindow = new LatencyHistogram();
    }
    const stale = sources.countStaleClients(now, this.stalenessThresholdMs);
    this.staleSamples++;
    this.staleSum += stale;
    if (stale > this.staleMax) this.staleMax = stale;
    if (stats.currentDirtyUsers > this.sampledMaxDirty) this.sampledMaxDirty = stats.currentDirtyUsers;
    if (stats.currentActiveTimers > this.sampledMaxTimers) this.sampledMaxTimers = stats.currentActiveTimers;
    const point: TimeSeriesPoint = {
      atMs: now,
      dirtyUsers: stats.currentDirtyUsers,
      activeTimers: stats.currentActiveTimers,
      marksPerSecond: (marks - this.lastSampleMarks) / elapsedSeconds,
      processingsPerSecond: (this.processingsEnded - this.lastSampleProcessings) / elapsedSeconds,
      windowP99Ms: this.windowP99(),
    };
    this.series.push(point);
    this.lastSampleAtMs = now;
    this.lastSampleMarks = marks;
    this.lastSampleProcessings = this.processingsEnded;
    return point;
  }

  latency(): LatencyByReason {
    const byReason = {} as Record<MarkReason, LatencyStats>;
    MARK_REASONS.forEach((reason, i) => {
      byReason[reason] = this.byReason[i]!.stats();
    });
    return { overall: this.overallHistogram().stats(), byReason };
  }

  latencyBuckets(): { upToMs: number; count: number }[] {
    return this.buckets.snapshot();
  }

  /**
   * Event-loop lag over every callback the clock ran: the late ones recorded here, plus
   * `onTimeCallbacks` that ran on time (lag 0), so p50 reads "half the callbacks were this late".
   */
  eventLoopLag(onTimeCallbacks = 0): LatencyStats {
    const late = this.lag.count;
    const total = late + Math.max(0, onTimeCallbacks);
    if (total === 0) return EMPTY_LATENCY_STATS;
    const lagStats = this.lag.stats();
    const at = (percentile: number) => {
      const rank = (percentile / 100) * total;
      const zeros = total - late;
      if (rank <= zeros || late === 0) return 0;
      return this.lag.percentileMs(Math.min(100, ((rank - zeros) / late) * 100));
    };
    return {
      count: total,
      meanMs: (lagStats.meanMs * late) / total,
      p50Ms: at(50),
      p90Ms: at(90),
      p95Ms: at(95),
      p99Ms: at(99),
      p999Ms: at(99.9),
      maxMs: lagStats.maxMs,
    };
  }

  staleness(): StalenessReport {
    return {
      thresholdMs: this.stalenessThresholdMs,
      samples: this.staleSamples,
      maxStaleClients: this.staleMax,
      meanStaleClients: this.staleSamples === 0 ? 0 : this.staleSum / this.staleSamples,
    };
  }

  /** Every point so far (a copy). */
  timeSeries(): TimeSeriesPoint[] {
    return this.series.slice();
  }

  /** The last `count` points, oldest first: for sparklines. */
  recentPoints(count = 60): TimeSeriesPoint[] {
    return this.series.slice(Math.max(0, this.series.length - count));
  }

  /** Highest dirty-set size and active-timer count seen at samples. */
  sampledMaxima(): { dirtyUsers: number; activeTimers: number } {
    return { dirtyUsers: this.sampledMaxDirty, activeTimers: this.sampledMaxTimers };
  }

  private overallHistogram(): LatencyHistogram {
    if (this.overallStale) {
      this.overall.reset();
      for (const histogram of this.byReason) this.overall.add(histogram);
      this.overallStale = false;
    }
    return this.overall;
  }

  private windowP99(): number {
    if (this.windowRing.length === 1) return this.windowRing[0]!.percentileMs(99);
    this.windowMerged.reset();
    for (const histogram of this.windowRing) this.windowMerged.add(histogram);
    return this.windowMerged.percentileMs(99);
  }

  private requireSources(): MetricsSources {
    if (this.sources === null) throw new Error('MetricsRecorder: attach() the batcher and world sources before sampling');
    return this.sources;
  }
}
