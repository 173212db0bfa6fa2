/**
 * The world's cost per processed user (issue 3, Performance): user-processings per wall-clock second
 * with 200 events per viewport, and peak RSS per user holding that state, for 10,000 and 100,000
 * users. Goals: at least 100,000 processings per second, under 4 KB per user.
 *
 * Each size runs in a child process, so its peak RSS is its own; per user is (peak RSS - RSS once the
 * events are loaded and the heap warmed up) / users, and the live heap per user is printed beside it. A processing is what the batcher
 * does for one user: read viewport and filters, query the event cache, calculateAndSendDiff (filter,
 * rank, cap, diff against last-sent, send), and the client applying the message. Between rounds 0.25%
 * of the events change, so a round mixes no-ops and small diffs, as a steady state does. Users are
 * processed in batches of 100, each batch's messages delivered (on the virtual clock) before the next.
 * Timed at steady state: after the first round (every user's first, full send) and one round of the
 * steady mix (so the code paths of no-ops and small diffs are compiled), over at least 100,000
 * processings (a 10,000-user round is a tenth of a second: one major GC or compilation would swing it).
 * The digest (every client's view and the message counts) is the same for any two versions of the
 * world that behave the same.
 * Baseline, measured in the same run at 10,000 users: the straightforward form, a Map of event id to
 * version per user (server side and client side), with the same query and filters.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { SeededRandom } from '../../src/random/seeded-random.js';
import { isVisibleTo } from '../../src/world/filter-predicate.js';
import type { SimulationSettings } from '../../src/world/settings.js';
import { World } from '../../src/world/world.js';

const EVENTS_PER_VIEWPORT = 200;
const VIEWPORT_DEG = 1;
const AREA_SIDE_DEG = 20;
const MIN_ROUNDS = 4;
const MIN_TIMED_PROCESSINGS = 100_000;
const WARM_UP_ROUNDS = 1;
const CHANGED_SHARE_PER_ROUND = 0.0025;
const BATCH_SIZE = 100;

function settingsFor(users: number): SimulationSettings {
  const areaCells = (AREA_SIDE_DEG / VIEWPORT_DEG) ** 2;
  return {
    world: {
      // Viewports are kept inside the area's margin below, so every one covers a full 200-event square.
      area: { minX: 0, minY: 0, maxX: AREA_SIDE_DEG, maxY: AREA_SIDE_DEG },
      users: { count: 0, withoutViewportShare: 0, viewportSizeDeg: { min: VIEWPORT_DEG, max: VIEWPORT_DEG }, filteredShare: 0.2, hotspots: [] },
      events: { count: EVENTS_PER_VIEWPORT * areaCells, capacity: 10_000_000, categories: ['music', 'sport', 'food', 'art'], statuses: ['PENDING', 'VERIFIED'], privateShare: 0.02 },
      resultCap: { viewport: 1000, global: 300 },
    },
    costs: { cpuPerProcessingMs: 0, cpuPerEventMs: 0, redisRoundTripsPerProcessing: 0, redisLatency: { kind: 'fixed', ms: 0 }, viewportWritesPerChange: 0, transportLatency: { kind: 'fixed', ms: 0 } },
    faults: { sendFailureRate: 0, outages: [], filterErrorRate: 0 },
  };
}

interface ChildResult {
  users: number;
  form: 'world' | 'naive-map';
  processingsPerSecond: number;
  /** The same per second of this process's CPU time: steady when other processes share the cores. */
  processingsPerCpuSecond: number;
  firstRoundPerSecond: number;
  rssBeforeUsersMB: number;
  peakRssMB: number;
  bytesPerUser: number;
  /** Heap still in use after a full GC, per user: the state itself, without garbage or slack. */
  liveBytesPerUser: number;
  meanEventsPerViewport: number;
  sendsShare: number;
  /** Timed rounds (each processes every user once). */
  rounds: number;
  /** A hash of every client's final view and the message counts: equal digests, same behaviour. */
  digest: string;
}

function rssMB(): number {
  return process.memoryUsage().rss / 1048576;
}

function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Builds the world and users for one size, runs the rounds, reports. */
async function child(users: number, form: ChildResult['form']): Promise<ChildResult> {
  const settings = settingsFor(users);
  const clock = new VirtualClock();
  const random = new SeededRandom(2024);
  const world = new World({ clock, settings, random });
  world.attachBatcher({ markUserAsDirty: () => {}, removeUser: () => {} });
  world.populate();
  // Warm the heap up before the baseline: V8 grows its young generation to tens of MB under an
  // allocation-heavy load whatever the number of users, and that is not what a user costs.
  const warmUp = random.fork('warm-up');
  for (let i = 0; i < 20_000; i++) {
    const x = warmUp.between(0, AREA_SIDE_DEG - VIEWPORT_DEG);
    const y = warmUp.between(0, AREA_SIDE_DEG - VIEWPORT_DEG);
    world.events.getEventsInViewport({ minX: x, minY: y, maxX: x + VIEWPORT_DEG, maxY: y + VIEWPORT_DEG });
  }
  collect();
  const rssBefore = rssMB();
  const heapBefore = process.memoryUsage().heapUsed;
  const placement = random.fork('viewports');
  const ids: string[] = [];
  for (let i = 0; i < users; i++) {
    const x = placement.between(0.5, AREA_SIDE_DEG - VIEWPORT_DEG - 0.5);
    const y = placement.between(0.5, AREA_SIDE_DEG - VIEWPORT_DEG - 0.5);
    const filtered = placement.chance(settings.world.users.filteredShare);
    const userId = `u${i}`;
    world.applyChange({
      type: 'connect',
      atMs: 0,
      userId,
      viewport: { minX: x, minY: y, maxX: x + VIEWPORT_DEG, maxY: y + VIEWPORT_DEG },
      filters: filtered ? [{ statuses: ['VERIFIED', 'PENDING'], categories: ['music', 'sport', 'food'] }] : [],
    });
    // The same string the registry keys the user by, as the batcher has it from the world's marks.
    ids.push(userId);
  }
  // The concrete services (the ports' types allow promises; these answer synchronously).
  const userStateService = world.users;
  const eventCacheService = world.events;
  const eventFilteringService = world.filtering;
  const naiveSent = new Map<string, Map<string, number>>();
  const naiveClient = new Map<string, Map<string, number>>();
  let eventsSeen = 0;
  let sends = 0;

  const processWorld = async (id: string) => {
    const viewport = userStateService.getUserViewport(id);
    const filters = userStateService.getUserFilters(id);
    const events = viewport === null ? eventCacheService.getAllEvents() : eventCacheService.getEventsInViewport(viewport);
    eventsSeen += events.length;
    await eventFilteringService.calculateAndSendDiff(id, events, viewport, filters);
  };
  const processNaive = async (id: string) => {
    const viewport = userStateService.getUserViewport(id)!;
    const user = world.users.get(id)!;
    const events = eventCacheService.getEventsInViewport(viewport);
    eventsSeen += events.length;
    const predicate = user.compiled.predicate;
    const next = new Map<string, number>();
    for (const e of events) if (isVisibleTo(e, id) && (predicate === null || predicate(e))) next.set(e.id, e.version);
    const last = naiveSent.get(id);
    let changed = last === undefined;
    if (last !== undefined) {
      if (last.size !== next.size) changed = true;
      else for (const [eventId, version] of next) if (last.get(eventId) !== version) { changed = true; break; }
    }
    if (changed) {
      naiveSent.set(id, next);
      naiveClient.set(id, new Map(next));
      sends++;
    }
    await Promise.resolve();
  };
  const processOne = form === 'world' ? processWorld : processNaive;

  let cpuMs = 0;
  const round = async () => {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    // In batches, as a sweep does, with the messages of each batch delivered before the next.
    for (let first = 0; first < ids.length; first += BATCH_SIZE) {
      const last = Math.min(ids.length, first + BATCH_SIZE);
      for (let i = first; i < last; i++) await processOne(ids[i]!);
      await clock.runAll({ limit: 100_000_000 });
    }
    const cpu = process.cpuUsage(cpuStarted);
    cpuMs += (cpu.user + cpu.system) / 1000;
    return performance.now() - started;
  };
  const firstMs = await round();
  const churn = random.fork('churn');
  const churnRound = async () => {
    const changes = Math.round(settings.world.events.count * CHANGED_SHARE_PER_ROUND);
    for (let k = 0; k < changes; k++) {
      world.applyChange({ type: 'event-update', atMs: clock.now(), event: { pick: churn.float() }, patch: { scanCount: churn.int(1000) } });
    }
    return round();
  };
  for (let r = 0; r < WARM_UP_ROUNDS; r++) await churnRound();
  cpuMs = 0;
  const sendsBefore = world.getStats().sends + sends;
  eventsSeen = 0;
  const rounds = Math.max(MIN_ROUNDS, Math.ceil(MIN_TIMED_PROCESSINGS / users));
  let steadyMs = 0;
  for (let r = 0; r < rounds; r++) steadyMs += await churnRound();
  const steadySends = world.getStats().sends + sends - sendsBefore;
  const digest = digestOf(world, ids, naiveClient);
  collect();
  const peak = peakRssMB();
  const liveBytesPerUser = (process.memoryUsage().heapUsed - heapBefore) / users;
  return {
    users,
    form,
    processingsPerSecond: (users * rounds) / (steadyMs / 1000),
    processingsPerCpuSecond: (users * rounds) / (cpuMs / 1000),
    firstRoundPerSecond: users / (firstMs / 1000),
    rssBeforeUsersMB: rssBefore,
    peakRssMB: peak,
    bytesPerUser: ((peak - rssBefore) * 1048576) / users,
    liveBytesPerUser,
    meanEventsPerViewport: eventsSeen / (users * rounds),
    sendsShare: steadySends / (users * rounds),
    rounds,
    digest,
  };
}

/** FNV-1a over each client's view (world form) or held map (naive form), then the world's message counts. */
function digestOf(world: World, ids: readonly string[], naiveClient: ReadonlyMap<string, ReadonlyMap<string, number>>): string {
  let hash = 0x811c9dc5;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  };
  for (const id of ids) {
    const held = naiveClient.get(id);
    if (held !== undefined) for (const [eventId, version] of held) mix(`${eventId}:${version};`);
    else mix(world.users.get(id)?.client.view ?? '');
    mix('|');
  }
  const stats = world.getStats();
  mix(`${stats.sends}/${stats.messages}/${stats.bytes}/${stats.noOpDiffs}/${stats.fullSends}/${stats.opSends}`);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function runChild(users: number, form: ChildResult['form']): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', self, '--child', String(users), form], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const line = out.trim().split('\n').at(-1)!;
  return JSON.parse(line) as ChildResult;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function run(): Promise<void> {
  const results: ChildResult[] = [];
  const loadBefore = loadavg()[0]!;
  for (const [users, form] of [[10_000, 'naive-map'], [10_000, 'world'], [100_000, 'world']] as const) {
    results.push(runChild(users, form));
  }
  console.log(`load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after (other processes slow the wall-clock figure; the CPU one less so)`);
  console.log('form        users  rounds  events/viewport  processings/s  per CPU-s  sends/proc  peak RSS  peak/user  live/user  digest    goals');
  for (const r of results) {
    const goals =
      r.form === 'world'
        ? `${r.processingsPerSecond >= 100_000 ? 'ok' : 'MISSED'} >=100k/s, ${r.bytesPerUser < 4096 ? 'ok' : 'MISSED'} <4 KB`
        : 'baseline';
    console.log(
      `${r.form.padEnd(10)} ${fmt(r.users).padStart(7)}  ${String(r.rounds).padStart(6)}  ${fmt(r.meanEventsPerViewport, 1).padStart(15)}  ${fmt(r.processingsPerSecond).padStart(13)}  ${fmt(r.processingsPerCpuSecond).padStart(9)}  ${fmt(r.sendsShare, 2).padStart(10)}  ${fmt(r.peakRssMB).padStart(5)} MB  ${fmt(r.bytesPerUser).padStart(7)} B  ${fmt(r.liveBytesPerUser).padStart(7)} B  ${r.digest}  ${goals}`,
    );
  }
  const baseline = results[0]!;
  const world10k = results[1]!;
  console.log(
    `\nvs the naive Map baseline at 10,000 users: ${fmt(world10k.processingsPerSecond / baseline.processingsPerSecond, 2)}x the processings/s, ` +
      `${fmt(baseline.bytesPerUser / world10k.bytesPerUser, 2)}x less peak memory per user`,
  );
  await Promise.resolve();
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly && process.argv[2] === '--child') {
  const result = await child(Number(process.argv[3]), process.argv[4] === 'naive-map' ? 'naive-map' : 'world');
  console.log(JSON.stringify(result));
} else if (invokedDirectly) {
  await run();
}
