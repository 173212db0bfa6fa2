/**
 * The scenario file format, as one zod schema: what the YAML may say, in human units, with every
 * setting optional that has a sensible default. The same schema validates files, --set overrides
 * and generates the JSON Schema that editors use (`npm run schema`). Defaults are filled later, in
 * one place (resolve.ts), so this file only says what is allowed.
 */
import * as z from 'zod';
import { EVENT_STATUSES } from '../world/event.js';
import { ExpectationSyntaxError, parseExpectation } from './expectations.js';
import { STRATEGY_NAMES } from './resolved.js';
import { count, duration, rate, share, size } from './schema-units.js';
import { describeValue } from './zod-messages.js';

/** Hard limits: beyond them a run would exhaust memory or take hours, so the file is refused. */
export const LIMITS = {
  durationMs: 31 * 86_400_000,
  users: 2_000_000,
  events: 5_000_000,
  /** Roughly what the world keeps per connected user (viewport, filters, last-sent state, client view). */
  bytesPerUser: 4096,
  bytesPerEvent: 1024,
} as const;

function gigabytes(bytes: number): string {
  return `${(bytes / 1e9).toFixed(bytes >= 1e10 ? 0 : 1)} GB`;
}

const longitude = z.number().min(-180).max(180).meta({ description: 'Longitude in degrees, -180..180.' });
const latitude = z.number().min(-90).max(90).meta({ description: 'Latitude in degrees, -90..90.' });

const hotspotSchema = z
  .strictObject({
    lng: longitude,
    lat: latitude,
    radius: size('Radius of the hotspot.', { minExclusive: true }),
    weight: z.number().positive().optional().meta({ description: 'Relative weight among hotspots. Default 1.' }),
  })
  .meta({ description: 'A place where viewports (or storm events) concentrate.' });

/** The message of a union that accepts several forms, when the value fits none of their types. */
function formExpected(forms: string, input: unknown): string {
  return input === undefined ? `is required: ${forms}` : `expected ${forms}, got ${describeValue(input)}`;
}

function range<T extends z.ZodType>(item: T, description: string) {
  return z
    .union([item, z.strictObject({ min: item, max: item })])
    .meta({ description: `${description} One value, or { min, max } for a uniform draw.` });
}

const batcherSchema = z
  .strictObject({
    strategy: z.enum(STRATEGY_NAMES).optional().meta({ description: 'Which batcher: hybrid (default), debounce, debounce-maxwait, sweep, immediate.' }),
    debounce: duration('A user is processed this long after its last mark. Default 200ms.', { minExclusive: true }).optional(),
    debounceTimeoutMs: duration('Same as debounce, under the design\'s name.', { minExclusive: true }).optional(),
    sweep: duration('Every dirty user is processed at least this often. Default 5s.', { minExclusive: true }).optional(),
    sweepIntervalMs: duration('Same as sweep, under the design\'s name.', { minExclusive: true }).optional(),
    maxBatchSize: count('Users per sweep batch. Default 100.', { min: 1, max: 10_000_000 }).optional(),
    enableBatching: z.boolean().optional().meta({ description: 'false: every mark is processed at once (bounded). Default true.' }),
    maxWait: duration('debounce-maxwait only: the longest a user waits after its first pending mark. Default: the sweep interval.', {
      minExclusive: true,
    }).optional(),
    maxWaitMs: duration('Same as maxWait, under the design\'s name.', { minExclusive: true }).optional(),
    maxConcurrentProcessing: count('With batching disabled: processings in flight at once. Default 16.', { min: 1, max: 1_000_000 }).optional(),
    timerMode: z.enum(['wheel', 'per-user']).optional().meta({ description: 'wheel (default): one clock timer for all users; per-user: a timer per user, as in the design.' }),
    sweepBatchMode: z.enum(['parallel', 'sequential']).optional().meta({ description: 'How a sweep batch runs its users: parallel (default) or one after another.' }),
  })
  .meta({ description: 'The batcher under test and its settings.' });

/** Pairs of keys that name the same batcher setting: the friendly name and the design's name. */
export const BATCHER_ALIASES: readonly (readonly [string, string])[] = [
  ['debounce', 'debounceTimeoutMs'],
  ['sweep', 'sweepIntervalMs'],
  ['maxWait', 'maxWaitMs'],
];

const worldSchema = z
  .strictObject({
    area: z
      .strictObject({ west: longitude, south: latitude, east: longitude, north: latitude })
      .optional()
      .meta({ description: 'The map area users look at and events live in, in degrees.' }),
    users: z
      .strictObject({
        count: count('Users connected at the start. Default 1000.', {
          max: LIMITS.users,
          maxReason: (n) => `${n.toLocaleString('en-US')} users would need about ${gigabytes(n * LIMITS.bytesPerUser)} of memory`,
        }).optional(),
        withoutViewport: share('Users with no viewport yet (global feed). Default 1%.').optional(),
        viewportSize: range(size('Viewport width and height.', { minExclusive: true }), 'Viewport size. Default 0.03deg..0.12deg.').optional(),
        filtered: share('Users with filters. Default 30%.').optional(),
        hotspots: z.array(hotspotSchema).optional().meta({ description: 'Where viewports are centred; none: uniformly over the area.' }),
      })
      .optional(),
    events: z
      .strictObject({
        count: count('Events in the cache at the start. Default 3000.', {
          max: LIMITS.events,
          maxReason: (n) => `${n.toLocaleString('en-US')} events would need about ${gigabytes(n * LIMITS.bytesPerEvent)} of memory`,
        }).optional(),
        capacity: count('The cache holds at most this many; the oldest is evicted. Default: twice the count, at least 10000.', {
          min: 1,
          max: LIMITS.events,
        }).optional(),
        categories: z.array(z.string().min(1)).optional().meta({ description: 'Event categories.' }),
        statuses: z.array(z.enum(EVENT_STATUSES)).min(1).optional().meta({ description: 'Statuses events are drawn from.' }),
        private: share('Private events. Default 5%.').optional(),
      })
      .optional(),
    resultCap: z
      .strictObject({
        viewport: count('Most events sent to a user with a viewport. Default 1000.', { min: 1, max: 1_000_000 }).optional(),
        global: count('Most events in the global feed. Default 300.', { min: 1, max: 1_000_000 }).optional(),
      })
      .optional(),
  })
  .meta({ description: 'The simulated world: area, users, events and caps.' });

const latencySchema = z
  .union([
    duration('A fixed latency.'),
    z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('fixed'), value: duration('The latency.') }),
      z.strictObject({ kind: z.literal('uniform'), min: duration('Lowest.'), max: duration('Highest.') }),
      z.strictObject({ kind: z.literal('normal'), mean: duration('Mean.'), stdDev: duration('Standard deviation.') }),
      z.strictObject({
        kind: z.literal('lognormal'),
        median: duration('Median.'),
        sigma: z.number().min(0).max(5).meta({ description: 'Spread of the log; 0.5 is a moderate tail.' }),
      }),
    ]),
  ], { error: (issue) => formExpected('a latency: a duration, or { kind: fixed|uniform|normal|lognormal, ... }', issue.input) })
  .meta({ description: 'A latency: a duration, or { kind: fixed|uniform|normal|lognormal, ... }.' });

const costsSchema = z
  .strictObject({
    cpuPerProcessing: duration('Synchronous CPU per processed user, on the event loop. Default 0.2ms.').optional(),
    cpuPerEvent: duration('Extra CPU per event considered while filtering. Default 2us.').optional(),
    redisRoundTrips: count('Redis round trips per processed user. Default 1.', { max: 1000 }).optional(),
    redisLatency: latencySchema.optional(),
    viewportWrites: count('Redis writes that store a viewport before the mark. Default 2.', { max: 1000 }).optional(),
    transportLatency: latencySchema.optional(),
  })
  .meta({ description: 'What processing costs: CPU on the event loop, Redis round trips, transport.' });

const faultsSchema = z
  .strictObject({
    sendFailureRate: share('Probability that one send fails. Default 0.').optional(),
    filterErrorRate: share('Probability that filtering throws for one processing. Default 0.').optional(),
    outages: z
      .array(
        z.strictObject({
          start: duration('When the outage starts.'),
          duration: duration('How long every send fails.', { minExclusive: true }),
        }),
      )
      .optional()
      .meta({ description: 'Windows in which every send fails.' }),
  })
  .meta({ description: 'Injected failures.' });

const metricsSchema = z
  .strictObject({
    sampleInterval: duration('Time between time-series samples. Default 1s.', { min: 1, minExclusive: false }).optional(),
    stalenessThreshold: duration('A client holding a view older than this counts as stale. Default 5s.', {
      minExclusive: true,
    }).optional(),
  })
  .meta({ description: 'How the run is measured.' });

const arrivalSchema = z
  .union([
    rate('Poisson arrivals at this mean rate.'),
    z.discriminatedUnion('shape', [
      z.strictObject({ shape: z.literal('constant'), rate: rate('Evenly spaced arrivals.') }),
      z.strictObject({ shape: z.literal('poisson'), rate: rate('Mean rate.') }),
      z.strictObject({
        shape: z.literal('ramp'),
        from: rate('Rate at the phase start.'),
        to: rate('Rate at the end of the ramp.'),
        over: duration('Length of the ramp. Default: the whole phase.', { minExclusive: true }).optional(),
        poisson: z.boolean().optional().meta({ description: 'Random (Poisson) arrivals. Default true.' }),
      }),
      z.strictObject({
        shape: z.literal('spike'),
        base: rate('Rate outside the spike.'),
        peak: rate('Rate during the spike.'),
        at: duration('When the spike starts, after the phase start.'),
        duration: duration('How long the spike lasts.', { minExclusive: true }),
        poisson: z.boolean().optional().meta({ description: 'Random (Poisson) arrivals. Default true.' }),
      }),
    ]),
  ], { error: (issue) => formExpected('an arrival: a rate such as 50/s (Poisson), or { shape: constant|poisson|ramp|spike, ... }', issue.input) })
  .meta({ description: 'When things happen: a rate (Poisson), or { shape: constant|poisson|ramp|spike, ... }.' });

const phaseCommon = {
  name: z.string().min(1).max(100).optional().meta({ description: 'Unique name, shown on the dashboard. Default: the type.' }),
  start: duration('When the phase starts. Default 0.').optional(),
  duration: duration('How long it lasts. Default: until the scenario ends.', { minExclusive: true }).optional(),
};

const isolatedSchema = z
  .strictObject({
    type: z.literal('isolated'),
    ...phaseCommon,
    arrival: arrivalSchema,
    perUser: z.boolean().optional().meta({ description: 'The rate is per user (multiplied by the user count). Default false.' }),
    mix: z
      .strictObject({
        viewport: share('Share of viewport moves.').optional(),
        filter: share('Share of filter changes.').optional(),
        event: share('Share of single event updates.').optional(),
      })
      .optional()
      .meta({ description: 'Relative shares of change kinds. Default viewport 60%, filter 10%, event 30%.' }),
  })
  .meta({ description: 'Sparse, independent changes.' });

const panningSchema = z
  .strictObject({
    type: z.literal('panning'),
    ...phaseCommon,
    users: share('Share of users who pan. Default 10%.').optional(),
    frequency: rate('Viewport updates per second during a burst. Default 10Hz.', { minExclusive: true, max: 1000 }).optional(),
    burst: range(duration('Burst length.', { minExclusive: true }), 'Length of a burst. Default 1s..3s.').optional(),
    pause: range(duration('Pause length.'), 'Pause between bursts. Default 2s..10s.').optional(),
    speed: z.number().min(0).max(100).optional().meta({ description: 'Pan speed in viewport widths per second. Default 0.5.' }),
    zoom: z.number().min(1).max(100).optional().meta({ description: 'Largest zoom factor per second (1: no zoom). Default 1.5.' }),
    arrival: arrivalSchema.optional(),
  })
  .meta({ description: 'Users panning their map: bursts of viewport updates.' });

const stormSchema = z
  .strictObject({
    type: z.literal('storm'),
    ...phaseCommon,
    arrival: arrivalSchema,
    mix: z
      .strictObject({
        create: share('Share of creations.').optional(),
        update: share('Share of updates.').optional(),
        move: share('Share of moves.').optional(),
        delete: share('Share of deletions.').optional(),
      })
      .optional()
      .meta({ description: 'Relative shares of event changes. Default create 20%, update 50%, move 20%, delete 10%.' }),
    hotspots: z
      .union([z.literal('world'), z.array(hotspotSchema)])
      .optional()
      .meta({ description: 'Where created and moved events land: a list, or "world" for the users\' hotspots. Default: anywhere.' }),
    target: z.enum(['any', 'created']).optional().meta({ description: 'Which events updates/moves/deletes hit. Default any.' }),
  })
  .meta({ description: 'Events created, updated, moved and deleted at a high rate.' });

const cleanupSchema = z
  .strictObject({
    type: z.literal('cleanup'),
    ...phaseCommon,
    at: z
      .union([duration('When the job runs, after the phase start.'), z.array(duration('When the job runs, after the phase start.')).min(1)])
      .optional()
      .meta({ description: 'Offsets from the phase start. Default: once, at the phase start.' }),
    arrival: arrivalSchema.optional(),
  })
  .meta({ description: 'The maintenance job: cache cleared and reloaded, every connected user dirty.' });

const churnSchema = z
  .strictObject({
    type: z.literal('churn'),
    ...phaseCommon,
    arrival: arrivalSchema,
    disconnect: share('Share of arrivals that are disconnects. Default 50%.').optional(),
    reconnect: share('Share of connects that bring back a disconnected user. Default 50%.').optional(),
  })
  .meta({ description: 'Users connecting and disconnecting.' });

const replaySchema = z
  .strictObject({
    type: z.literal('replay'),
    ...phaseCommon,
    trace: z.string().min(1).meta({ description: 'A JSON Lines trace, relative to the scenario file.' }),
    timeScale: z.number().positive().max(1000).optional().meta({ description: 'Multiplies trace time: 0.5 plays twice as fast. Default 1.' }),
  })
  .meta({ description: 'Replays a JSON Lines trace of timestamped changes.' });

export const phaseSchema = z.discriminatedUnion('type', [
  isolatedSchema,
  panningSchema,
  stormSchema,
  cleanupSchema,
  churnSchema,
  replaySchema,
]);

/** The workload types the file format knows; the registry must have a generator for each. */
export const PHASE_TYPE_NAMES = ['isolated', 'panning', 'storm', 'cleanup', 'churn', 'replay'] as const;

const expectationSchema = z
  .string()
  .transform((text, context) => {
    try {
      return parseExpectation(text);
    } catch (error) {
      if (!(error instanceof ExpectationSyntaxError)) throw error;
      context.addIssue({ code: 'custom', message: error.message, input: text });
      return z.NEVER;
    }
  })
  .meta({ description: 'An assertion: latency.p99 < 5s, latency{reason=viewport_change}.p95 < 300ms, divergedClients == 0.' });

export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1).max(200).optional().meta({ description: 'Short name. Default: the file name.' }),
    description: z.string().optional().meta({ description: 'What the scenario shows, in a sentence.' }),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().meta({ description: 'Seed of all randomness. Default 1.' }),
    duration: duration('How long the scenario runs, in simulated time.', {
      minExclusive: true,
      max: LIMITS.durationMs,
      maxReason: () => 'split longer studies into several runs',
    }),
    clock: z.enum(['virtual', 'real']).optional().meta({ description: 'virtual (default): as fast as possible; real: wall time.' }),
    batcher: batcherSchema.nullish(),
    world: worldSchema.nullish(),
    costs: costsSchema.nullish(),
    faults: faultsSchema.nullish(),
    metrics: metricsSchema.nullish(),
    workload: z.array(phaseSchema).min(1).meta({ description: 'The load: a list of phases, which may overlap.' }),
    expect: z.array(expectationSchema).nullish().meta({ description: 'Assertions checked at the end of the run.' }),
  })
  .meta({ title: 'batcher-sim scenario', description: 'One experiment for batcher-sim: world, load, batcher, costs, faults and expectations.' });

export type ScenarioDocument = z.output<typeof scenarioSchema>;
export type PhaseDocument = z.output<typeof phaseSchema>;
export type LatencyDocument = z.output<typeof latencySchema>;
export type ArrivalDocument = z.output<typeof arrivalSchema>;
export type HotspotDocument = z.output<typeof hotspotSchema>;
