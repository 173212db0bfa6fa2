import { cleanup, render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Dashboard } from '../../src/ui/dashboard.js';
import { startDashboard } from '../../src/ui/render-dashboard.js';
import { RunFeed } from '../../src/ui/run-feed.js';
import type { DashboardRunInfo } from '../../src/ui/run-info.js';
import { makeFailingSummary, makeSnapshot, makeSummary } from '../helpers/summary-fixture.js';
import { FakeInput, FakeTerminal } from './fake-terminal.js';

afterEach(() => cleanup());

const INFO: DashboardRunInfo = {
  name: 'storm',
  description: 'A cache reload marks every user dirty.',
  clock: 'virtual',
  seed: 42,
  strategy: 'hybrid',
  durationMs: 60_000,
  settings: { strategy: 'hybrid', debounceTimeoutMs: 200 },
  requestedSpeed: null,
};

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup(readKeys = true) {
  const feed = new RunFeed();
  const onQuit = vi.fn();
  const ui = render(<Dashboard info={INFO} feed={feed} onQuit={onQuit} color={false} readKeys={readKeys} />);
  const frame = (): string => stripVTControlCharacters(ui.lastFrame() ?? '');
  return { feed, onQuit, ui, frame };
}

describe('Dashboard', () => {
  it('shows the header and an empty progress line before the first snapshot', () => {
    const { frame } = setup();
    expect(frame()).toContain('storm');
    expect(frame()).toContain('seed 42');
    expect(frame()).toContain('0 ms / 1m 00s simulated');
    expect(frame()).not.toContain('expectations');
  });

  it('follows the snapshots as they arrive', async () => {
    const { feed, frame } = setup();
    feed.publishSnapshot(makeSnapshot());
    await turn();
    expect(frame()).toContain('30.00 s / 1m 00s simulated');
    expect(frame()).toContain('dirty users 480');
    expect(frame()).toContain('latency histogram');
    expect(frame()).toContain('q or Ctrl-C: stop the run');
    feed.publishSnapshot(makeSnapshot({ simulatedMs: 45_000, dirtyUsers: 12, activePhases: ['calm'] }));
    await turn();
    expect(frame()).toContain('45.00 s / 1m 00s simulated');
    expect(frame()).toContain('phase calm');
    expect(frame()).toContain('dirty users 12');
  });

  it('asks to stop on q and on Ctrl-C, and shows that it is stopping', async () => {
    const { feed, onQuit, ui, frame } = setup();
    feed.publishSnapshot(makeSnapshot());
    await turn();
    ui.stdin.write('q');
    await turn();
    expect(onQuit).toHaveBeenCalledTimes(1);
    ui.stdin.write('\u0003');
    await turn();
    expect(onQuit).toHaveBeenCalledTimes(2);
    ui.stdin.write('x');
    await turn();
    expect(onQuit).toHaveBeenCalledTimes(2);
    feed.markStopping();
    await turn();
    expect(frame()).toContain('stopping...');
  });

  it('reads no keys when told not to (no terminal on stdin)', async () => {
    const { onQuit, ui } = setup(false);
    ui.stdin.write('q');
    await turn();
    expect(onQuit).not.toHaveBeenCalled();
  });

  it('ends with the totals, each expectation and the verdict', async () => {
    const { feed, frame } = setup();
    feed.publishSnapshot(makeSnapshot());
    feed.finish(makeFailingSummary());
    await turn();
    expect(frame()).toMatch(/done$/m);
    expect(frame()).toContain('marks 22,320');
    expect(frame()).toMatch(/FAIL\s+latency\.p99 < 500ms\s+measured 3\.12 s/);
    expect(frame()).toContain('FAILED: 1 of 2 expectations failed; 2 of 1000 clients diverged');
    expect(frame()).not.toContain('q or Ctrl-C');
  });

  it('marks an interrupted run as such', async () => {
    const { feed, frame } = setup();
    feed.finish(makeSummary({ completed: false, run: { simulatedMs: 20_000 } }));
    await turn();
    expect(frame()).toContain('20.00 s / 1m 00s simulated');
    expect(frame()).toContain('interrupted');
    expect(frame()).toContain('INTERRUPTED: 2 of 2 expectations met');
  });
});

describe('startDashboard', () => {
  function start(maxFps?: number) {
    const output = new FakeTerminal();
    const onQuit = vi.fn();
    const handle = startDashboard({
      info: INFO,
      output,
      input: new FakeInput() as unknown as NodeJS.ReadableStream,
      color: false,
      onQuit,
      ...(maxFps === undefined ? {} : { maxFps }),
    });
    return { output, handle };
  }

  it('draws on the given stream and leaves the final summary on screen', async () => {
    const { output, handle } = start();
    handle.publishSnapshot(makeSnapshot());
    await handle.finish(makeSummary());
    const text = stripVTControlCharacters(output.output);
    expect(text).toContain('storm');
    expect(text).toContain('PASSED: 2 of 2 expectations met; no client diverged');
    const writesAfterFinish = output.writes.length;
    handle.publishSnapshot(makeSnapshot());
    await turn();
    expect(output.writes.length).toBe(writesAfterFinish);
  });

  it('throttles repaints however fast snapshots arrive', async () => {
    const { output, handle } = start(10);
    const started = performance.now();
    for (let i = 1; i <= 300; i++) {
      const snapshot = makeSnapshot({ simulatedMs: i * 100, dirtyUsers: i });
      handle.publishSnapshot(snapshot);
      await turn();
    }
    const elapsedMs = performance.now() - started;
    await handle.finish(makeSummary());
    const frames = output.writes.filter((w) => w.includes('batcher-sim')).length;
    // At 10 frames a second: one leading frame, one per 100 ms elapsed, the final frame, some slack.
    const allowed = 3 + Math.ceil(elapsedMs / 100) * 2;
    // Ink may fold the leading frame into the final one when the 300 snapshots arrive within one
    // throttle window (a fast machine), so only the upper bound says something about throttling.
    expect(frames).toBeGreaterThanOrEqual(1);
    expect(frames).toBeLessThan(Math.min(allowed, 300));
    expect(stripVTControlCharacters(output.output)).toContain('PASSED');
  });
});
