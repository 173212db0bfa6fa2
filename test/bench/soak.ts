/**
 * The soak: mixed-day stretched to 24 simulated hours on the virtual clock, in a child process of its
 * own so its memory is its own. The child samples RSS and the heap (after a forced GC) as simulated
 * time goes by; the parent prints wall time, peak RSS and the heap's growth after the warm-up.
 *
 * Memory must stay flat after the warm-up: what the world holds is bounded by its users and events,
 * and the latency histograms only widen. The time series is the one thing that grows by design (a
 * point per sample interval), so the soak samples once a simulated minute: 1,440 points a day.
 *
 * A wall budget (SOAK_WALL_BUDGET_S, default 240 s) stops the run if 24 h would take longer; the
 * figures then cover the simulated time reached, with the measured rate and the projected time.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SIMULATED_MS = 24 * 3_600_000;
/** The phases of mixed-day end in its first two minutes; ten minutes in, the load is steady. */
const WARM_UP_MS = 10 * 60_000;
const SAMPLE_EVERY_WALL_MS = 2000;

interface MemorySample {
  kind: 'sample';
  simulatedMs: number;
  wallMs: number;
  rssBytes: number;
  heapUsedBytes: number;
  marks: number;
  processings: number;
}

interface SoakEnd {
  kind: 'end';
  completed: boolean;
  simulatedMs: number;
  wallMs: number;
  marks: number;
  processings: number;
  divergedClients: number;
  errors: number;
  timeSeriesPoints: number;
}

type ChildLine = MemorySample | SoakEnd;

const MB = 1024 * 1024;

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** The child: runs the soak and writes one JSON line per sample, then one for the end. */
async function soakChild(): Promise<void> {
  const { loadScenarioFile } = await import('../../src/scenario/load.js');
  const { findShippedScenario } = await import('../../src/scenario/shipped.js');
  const { runScenario } = await import('../../src/engine/run-scenario.js');
  const path = findShippedScenario('mixed-day');
  if (path === undefined) throw new Error('the shipped scenario mixed-day is missing');
  const scenario = loadScenarioFile(path, { durationMs: SIMULATED_MS, set: ['metrics.sampleInterval=1m'] });
  const budgetMs = Number(process.env['SOAK_WALL_BUDGET_S'] ?? '240') * 1000;
  const controller = new AbortController();
  const started = performance.now();
  const write = (line: ChildLine): void => {
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
  const summary = await runScenario(scenario, {
    signal: controller.signal,
    snapshotIntervalWallMs: SAMPLE_EVERY_WALL_MS,
    onSnapshot: (snapshot) => {
      write({
        kind: 'sample',
        simulatedMs: snapshot.simulatedMs,
        wallMs: snapshot.wallMs,
        rssBytes: process.memoryUsage.rss(),
        heapUsedBytes: heapAfterGc(),
        marks: snapshot.marks,
        processings: snapshot.processings,
      });
      if (performance.now() - started > budgetMs) controller.abort();
    },
  });
  write({
    kind: 'end',
    completed: summary.completed,
    simulatedMs: summary.run.simulatedMs,
    wallMs: summary.run.wallMs,
    marks: summary.counters.marks,
    processings: summary.counters.processings,
    divergedClients: summary.consistency.divergedClients,
    errors: summary.counters.errors,
    timeSeriesPoints: summary.timeSeries.length,
  });
}

function runChild(): Promise<{ lines: ChildLine[]; peakRssBytes: number; wallMs: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, SOAK_CHILD: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    const lines: ChildLine[] = [];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const text = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (text.startsWith('{')) lines.push(JSON.parse(text) as ChildLine);
        newline = buffered.indexOf('\n');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const peakRssBytes = Math.max(0, ...lines.filter((l): l is MemorySample => l.kind === 'sample').map((l) => l.rssBytes));
      resolve({ lines, peakRssBytes, wallMs: performance.now() - started, code });
    });
  });
}

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

function hours(ms: number): string {
  return `${(ms / 3_600_000).toFixed(2)} h`;
}

export async function run(): Promise<void> {
  console.log(`soak: mixed-day stretched to ${hours(SIMULATED_MS)} on the virtual clock, in a child process`);
  const { lines, peakRssBytes, wallMs, code } = await runChild();
  const samples = lines.filter((l): l is MemorySample => l.kind === 'sample');
  const end = lines.find((l): l is SoakEnd => l.kind === 'end');
  if (end === undefined || code !== 0) {
    console.log(`the soak child failed (exit ${String(code)}); ${samples.length} samples were taken`);
    process.exitCode = 1;
    return;
  }
  const rate = end.simulatedMs / end.wallMs;
  console.log(`  wall time        ${(wallMs / 1000).toFixed(1)} s (run ${(end.wallMs / 1000).toFixed(1)} s)`);
  console.log(`  simulated        ${hours(end.simulatedMs)} of ${hours(SIMULATED_MS)}${end.completed ? '' : ' (stopped by the wall budget)'}`);
  console.log(`  rate             ${rate.toFixed(0)} simulated ms per wall ms; 24 h would take ${(SIMULATED_MS / rate / 60_000).toFixed(1)} min of wall time`);
  console.log(`  load             ${end.marks.toLocaleString('en-US')} marks, ${end.processings.toLocaleString('en-US')} processings, ${end.errors} errors, ${end.divergedClients} diverged clients`);
  console.log(`  time series      ${end.timeSeriesPoints.toLocaleString('en-US')} points (one a simulated minute)`);
  console.log(`  peak RSS         ${mb(peakRssBytes)}`);
  const afterWarmUp = samples.filter((s) => s.simulatedMs >= WARM_UP_MS);
  const first = afterWarmUp[0];
  const last = afterWarmUp[afterWarmUp.length - 1];
  if (first === undefined || last === undefined || last === first) {
    console.log('  heap growth      not measured: the run did not get past the warm-up');
    return;
  }
  const growth = last.heapUsedBytes - first.heapUsedBytes;
  const spanHours = (last.simulatedMs - first.simulatedMs) / 3_600_000;
  const peakHeap = Math.max(...afterWarmUp.map((s) => s.heapUsedBytes));
  console.log(
    `  heap after GC    ${mb(first.heapUsedBytes)} at ${hours(first.simulatedMs)} (after the warm-up), ${mb(last.heapUsedBytes)} at ${hours(last.simulatedMs)}, peak ${mb(peakHeap)}`,
  );
  console.log(`  heap growth      ${mb(growth)} over ${spanHours.toFixed(2)} simulated h (${mb(growth / Math.max(spanHours, 1e-9))} per simulated hour)`);
  console.log(`  rss growth       ${mb(last.rssBytes - first.rssBytes)} after the warm-up`);
  console.log('  samples (simulated h: heap MB / rss MB):');
  const step = Math.max(1, Math.floor(samples.length / 12));
  for (let i = 0; i < samples.length; i += step) {
    const s = samples[i]!;
    console.log(`    ${hours(s.simulatedMs).padStart(8)}: ${(s.heapUsedBytes / MB).toFixed(1).padStart(6)} / ${(s.rssBytes / MB).toFixed(1).padStart(6)}`);
  }
}

if (process.env['SOAK_CHILD'] === '1' && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await soakChild();
}
