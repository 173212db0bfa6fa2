/**
 * Arbitraries for scenario documents: valid seeds that cover every section and workload type, the
 * mutations a person (or a broken generator) makes to them, and the ways the result reaches the
 * loader (YAML, JSON, damaged text, binary garbage). Each generated case remembers which paths it
 * mutated, so a property can ask that the loader's message names the place that is wrong.
 */
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';

export type DocPath = readonly (string | number)[];
type Doc = unknown;

/** Valid, small documents: every section and every workload type appears in at least one. */
export const SEED_DOCUMENTS: readonly Record<string, unknown>[] = [
  { duration: '10s', workload: [{ type: 'isolated', arrival: '20/s' }] },
  {
    name: 'full',
    description: 'every section',
    seed: 7,
    duration: '30s',
    clock: 'virtual',
    batcher: { strategy: 'hybrid', debounce: '40ms', sweep: '150ms', maxBatchSize: 500, timerMode: 'per-user', sweepBatchMode: 'sequential' },
    world: {
      area: { west: 10, south: 20, east: 11, north: 21 },
      users: { count: 50, withoutViewport: '10%', viewportSize: { min: '1km', max: '0.1deg' }, filtered: 0.3, hotspots: [{ lng: 10.5, lat: 20.5, radius: '5km', weight: 2 }] },
      events: { count: 100, capacity: 150, categories: ['a', 'b'], statuses: ['VERIFIED', 'PENDING'], private: '1%' },
      resultCap: { viewport: 50, global: 20 },
    },
    costs: {
      cpuPerProcessing: '0.2ms',
      cpuPerEvent: '2us',
      redisRoundTrips: 2,
      redisLatency: { kind: 'uniform', min: '1ms', max: '3ms' },
      viewportWrites: 2,
      transportLatency: { kind: 'lognormal', median: '5ms', sigma: 0.5 },
    },
    faults: { sendFailureRate: '2%', filterErrorRate: 0.005, outages: [{ start: '10s', duration: '2s' }] },
    metrics: { sampleInterval: '500ms', stalenessThreshold: '2s' },
    workload: [
      { type: 'isolated', arrival: { shape: 'constant', rate: '2/s' }, perUser: false, mix: { viewport: 1, filter: 1, event: 1 } },
      { type: 'storm', start: '5s', duration: '10s', arrival: { shape: 'spike', base: '10/s', peak: '200/s', at: '2s', duration: '1s' }, hotspots: 'world', target: 'created' },
    ],
    expect: ['latency.p99 < 5s', 'latency{reason=viewport_change}.p95 < 300ms', 'divergedClients == 0'],
  },
  {
    duration: '1m',
    batcher: { strategy: 'debounce-maxwait', debounce: 200, maxWait: '1s', enableBatching: false, maxConcurrentProcessing: 8 },
    workload: [
      { type: 'panning', users: '20%', frequency: '5Hz', burst: '2s', pause: { min: '1s', max: '4s' }, speed: 1, zoom: 2 },
      { type: 'cleanup', at: ['30s', '15s'] },
      { type: 'churn', name: 'churn', arrival: { shape: 'ramp', from: '1/s', to: '5/s', over: '20s', poisson: false }, disconnect: '30%', reconnect: 0 },
    ],
  },
  {
    duration: 20_000,
    batcher: { strategy: 'sweep', sweepIntervalMs: 500, maxBatchSize: 10 },
    world: { users: { count: 200 }, events: { count: 300 } },
    costs: { transportLatency: { kind: 'normal', mean: '5ms', stdDev: '1ms' }, redisLatency: { kind: 'fixed', value: '1ms' } },
    workload: [{ type: 'storm', arrival: { shape: 'poisson', rate: 50 }, mix: { create: 0.2, update: 0.4, move: 0.2, delete: 0.2 } }],
    expect: ['processings / marks < 1'],
  },
];

/** Values that are wrong somewhere, absurd somewhere else, and sometimes fine. */
const SPECIAL_VALUES: readonly unknown[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -1,
  0,
  -0,
  0.5,
  1e308,
  -1e308,
  2 ** 53 + 2,
  1e-9,
  10_000_000,
  '',
  ' ',
  'NaN',
  'Infinity',
  '-5s',
  '1us',
  '0.001ms',
  '0ms',
  '1e999s',
  '99999999999999999999d',
  '10 parsecs',
  '101%',
  '-3/s',
  '1e9/s',
  '1000000000/s',
  '5 s',
  '1m30',
  '\u0000',
  '\uFFFD\uFFFD',
  '💥',
  'a'.repeat(10_000),
  true,
  false,
  null,
  [],
  {},
  [null],
  { kind: 'fixed' },
  { shape: 'spike' },
  { type: 'storm' },
  { min: 5, max: 1 },
  '__proto__',
  JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
  { constructor: { prototype: { polluted: true } } },
];

export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_VALUES) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom('ms', 's', '/s', '%', 'deg', 'km').chain((unit) => fc.double().map((n) => `${n}${unit}`)) },
);

const KEY_NAMES = ['name', 'duration', 'workload', 'type', 'arrival', 'rate', 'debounce', 'sweep', 'count', 'users', 'extra', 'Duration', 'debounse', '', ' ', '__proto__', 'constructor'];
const unknownKey: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...KEY_NAMES), fc.string({ minLength: 1, maxLength: 12 }));

export type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'add-key'; at: number; key: string; value: unknown }
  | { kind: 'empty'; at: number }
  | { kind: 'nest'; at: number; depth: number; asList: boolean }
  | { kind: 'duplicate-phase'; at: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: weirdValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('add-key' as const), at: fc.nat(), key: unknownKey, value: weirdValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('empty' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.integer({ min: 1, max: 300 }), asList: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate-phase' as const), at: fc.nat() }) },
);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every path in the document, the root first, in a stable order. */
export function pathsOf(value: Doc, prefix: DocPath = []): DocPath[] {
  const paths: DocPath[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...pathsOf(item, [...prefix, index])));
  else if (isRecord(value)) for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  return paths;
}

function clone(value: Doc): Doc {
  // structuredClone keeps NaN and Infinity, which JSON would turn into null.
  return structuredClone(value);
}

function containerAt(doc: Doc, path: DocPath): Doc {
  let node: Doc = doc;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isRecord(node) && typeof segment === 'string') node = node[segment];
    else return undefined;
  }
  return node;
}

function setAt(doc: Doc, path: DocPath, value: unknown): Doc {
  if (path.length === 0) return value;
  const parent = containerAt(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof last === 'number') parent[last] = value;
  else if (isRecord(parent) && typeof last === 'string') Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
  return doc;
}

function deleteAt(doc: Doc, path: DocPath): Doc {
  if (path.length === 0) return undefined;
  const parent = containerAt(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (isRecord(parent) && typeof last === 'string') delete parent[last];
  return doc;
}

export interface MutatedDocument {
  document: Doc;
  /** The paths the mutations touched (for a deletion, the deleted key's path). */
  touched: DocPath[];
  mutations: Mutation[];
}

/** Applies the mutations in order; each picks its path among those of the document as it is then. */
export function mutate(seed: Doc, mutations: readonly Mutation[]): MutatedDocument {
  let doc = clone(seed);
  const touched: DocPath[] = [];
  for (const m of mutations) {
    const paths = pathsOf(doc);
    const path = paths[m.at % paths.length] ?? [];
    const target = containerAt(doc, path);
    switch (m.kind) {
      case 'replace':
        doc = setAt(doc, path, clone(m.value));
        touched.push(path);
        break;
      case 'delete':
        doc = deleteAt(doc, path);
        touched.push(path);
        break;
      case 'add-key':
        if (isRecord(target)) {
          Object.defineProperty(target, m.key, { value: clone(m.value), enumerable: true, writable: true, configurable: true });
          touched.push([...path, m.key]);
        } else {
          doc = setAt(doc, path, { [m.key]: clone(m.value) });
          touched.push(path);
        }
        break;
      case 'empty':
        doc = setAt(doc, path, Array.isArray(target) ? [] : isRecord(target) ? {} : '');
        touched.push(path);
        break;
      case 'nest': {
        let wrapped: unknown = target;
        for (let i = 0; i < m.depth; i++) wrapped = m.asList ? [wrapped] : { a: wrapped };
        doc = setAt(doc, path, wrapped);
        touched.push(path);
        break;
      }
      case 'duplicate-phase': {
        const workload = isRecord(doc) ? doc['workload'] : undefined;
        if (Array.isArray(workload) && workload.length > 0) {
          const index = m.at % workload.length;
          workload.push(clone(workload[index]));
          touched.push(['workload', workload.length - 1]);
        }
        break;
      }
    }
  }
  return { document: doc, touched, mutations: [...mutations] };
}

export const mutatedDocument: fc.Arbitrary<MutatedDocument> = fc
  .tuple(fc.constantFrom(...SEED_DOCUMENTS), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([seed, mutations]) => mutate(seed, mutations));

/** How the document reaches the loader. */
export type Encoding = 'yaml' | 'flow-yaml' | 'json';

export function encode(document: Doc, encoding: Encoding): string {
  switch (encoding) {
    case 'yaml':
      return toYaml(document) ?? '';
    case 'flow-yaml':
      return toYaml(document, { collectionStyle: 'flow' }) ?? '';
    case 'json':
      return JSON.stringify(document) ?? 'null';
  }
}

export const encoding: fc.Arbitrary<Encoding> = fc.constantFrom('yaml', 'flow-yaml', 'json');

/** Damage done to the text itself: what an editor, a bad merge or a wrong file does. */
export type TextDamage =
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete-span'; at: number; length: number }
  | { kind: 'tabs' }
  | { kind: 'duplicate-line'; at: number };

const DAMAGE_TEXT = [':', ': :', '- ', '{', '}', '[', ']', '"', "'", '&a', '*a', '!!binary', '!tag', '%YAML 1.2', '---', '...', '\t', '#', '? ', '|', '>', '\u0000', '\uFFFE', '\r', '\n  - :', '<<: *a'];

export const textDamage: fc.Arbitrary<TextDamage> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...DAMAGE_TEXT), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant('delete-span' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('tabs' as const) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
);

export function damage(text: string, how: TextDamage): string {
  const at = text.length === 0 ? 0 : ('at' in how ? how.at : 0) % text.length;
  switch (how.kind) {
    case 'truncate':
      return text.slice(0, at);
    case 'insert':
      return text.slice(0, at) + how.text + text.slice(at);
    case 'delete-span':
      return text.slice(0, at) + text.slice(at + how.length);
    case 'tabs':
      return text.replace(/^( +)/gm, (spaces) => '\t'.repeat(Math.max(1, spaces.length / 2)));
    case 'duplicate-line': {
      const lines = text.split('\n');
      const index = how.at % lines.length;
      lines.splice(index, 0, lines[index] ?? '');
      return lines.join('\n');
    }
  }
}

/** Any text at all: damaged documents, random strings, and bytes decoded as UTF-8. */
export const scenarioText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(mutatedDocument, encoding).map(([m, e]) => encode(m.document, e)) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...SEED_DOCUMENTS), encoding, fc.array(textDamage, { minLength: 1, maxLength: 3 }))
      .map(([seed, e, damages]) => damages.reduce(damage, encode(seed, e))),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('utf8')) },
);

/** Raw bytes for files: text encodings of documents, or garbage. */
export const scenarioBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: scenarioText.map((text) => Buffer.from(text, 'utf8')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2000 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.concat([Buffer.from('duration: 10s\nworkload:\n'), Buffer.from(bytes)])) },
);
