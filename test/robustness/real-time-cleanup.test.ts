/**
 * Real-time runs clean up after themselves: after a run ends, or is stopped, no timer or handle of
 * ours is left, so the process can exit on its own. Checked in-process (Node's list of active
 * resources) and on the built binary (a process that must end by itself, with no process.exit).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run-scenario.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { BIN, ensureBuilt } from '../cli/built-binary.js';

const SHORT_REAL = `
name: short-real
seed: 2
duration: 1s
clock: real
world: { users: { count: 50 }, events: { count: 200 } }
costs: { transportLatency: 20ms }
workload:
  - { type: isolated, arrival: 20/s }
  - { type: churn, arrival: 5/s }
`;

/** Timers and immediates alive now (the test runner's own may come and go, never ours to add). */
function liveTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout' || kind === 'Immediate').length;
}

/** Lets Node retire timers that were cleared during the last turn. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

beforeAll(ensureBuilt, 180_000);

describe('real-time runs clean up', () => {
  it('leave no timer behind when they end', async () => {
    await settle();
    const before = liveTimers();
    const summary = await runScenario(parseScenarioText(SHORT_REAL, 'short-real.yaml'));
    expect(summary.completed).toBe(true);
    await settle();
    expect(liveTimers()).toBeLessThanOrEqual(before);
  });

  it('leave no timer behind when stopped halfway, and stop promptly', async () => {
    await settle();
    const before = liveTimers();
    const controller = new AbortController();
    const scenario = { ...parseScenarioText(SHORT_REAL, 'short-real.yaml'), durationMs: 60_000 };
    const started = performance.now();
    setTimeout(() => controller.abort(), 300);
    const summary = await runScenario(scenario, { signal: controller.signal });
    expect(summary.completed).toBe(false);
    // Stopping flushes what is pending: a second or so, never the remaining minute.
    expect(performance.now() - started).toBeLessThan(20_000);
    await settle();
    expect(liveTimers()).toBeLessThanOrEqual(before);
  });

  it('let the built binary exit on its own after a real-clock run, and after Ctrl-C', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'batcher-sim-cleanup-'));
    writeFileSync(join(cwd, 'short-real.yaml'), SHORT_REAL);
    // bin/batcher-sim.js only sets process.exitCode: a leftover handle would keep the process alive,
    // and the watchdog would kill it (signal SIGKILL instead of an exit code).
    const finished = await runWithWatchdog(['run', 'short-real.yaml', '--quiet'], cwd, null);
    expect(finished).toMatchObject({ signal: null });
    expect([0, 1]).toContain(finished.code);
    expect(finished.afterRunMs).toBeLessThan(WATCHDOG_MS);

    const interrupted = await runWithWatchdog(['run', 'short-real.yaml', '--duration', '10m'], cwd, 'running short-real');
    expect(interrupted).toMatchObject({ signal: null, code: 130 });
  }, 120_000);
});

const WATCHDOG_MS = 30_000;

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From the start (or from Ctrl-C) to the exit. */
  afterRunMs: number;
}

/** Runs the binary; sends SIGINT once stderr shows `interruptOn`; kills it if it outlives the watchdog. */
function runWithWatchdog(args: string[], cwd: string, interruptOn: string | null): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: 'true' } });
    let from = performance.now();
    let stderr = '';
    const watchdog = setTimeout(() => child.kill('SIGKILL'), WATCHDOG_MS);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (interruptOn !== null && stderr.includes(interruptOn) && !child.killed) {
        from = performance.now();
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      resolve({ code, signal, afterRunMs: performance.now() - from });
    });
  });
}
