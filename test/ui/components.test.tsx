import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { ExpectationList } from '../../src/ui/expectation-list.js';
import { Header } from '../../src/ui/header.js';
import { histogramRows, LatencyHistogram } from '../../src/ui/latency-histogram.js';
import { LatencyTable } from '../../src/ui/latency-table.js';
import { LiveCounters } from '../../src/ui/live-counters.js';
import { RunProgress } from '../../src/ui/run-progress.js';
import { Trends } from '../../src/ui/trends.js';
import type { DashboardRunInfo } from '../../src/ui/run-info.js';
import { makeFailingSummary, makeSnapshot, makeSummary } from '../helpers/summary-fixture.js';

afterEach(() => cleanup());

function frameOf(element: React.ReactElement): string {
  return stripVTControlCharacters(render(element).lastFrame() ?? '');
}

const INFO: DashboardRunInfo = {
  name: 'storm',
  description: 'A cache reload marks every user dirty.',
  clock: 'virtual',
  seed: 42,
  strategy: 'hybrid',
  durationMs: 60_000,
  settings: { strategy: 'hybrid', debounceTimeoutMs: 200, sweepIntervalMs: 5000, maxBatchSize: 100 },
  requestedSpeed: null,
};

describe('Header', () => {
  it('names the scenario, clock, seed, strategy and settings', () => {
    const frame = frameOf(<Header info={INFO} />);
    expect(frame).toContain('storm');
    expect(frame).toContain('A cache reload marks every user dirty.');
    expect(frame).toContain('virtual clock  |  seed 42  |  strategy hybrid');
    expect(frame).toContain('debounceTimeoutMs=200  sweepIntervalMs=5000  maxBatchSize=100');
  });
});

describe('RunProgress', () => {
  it('shows simulated time against the duration, speed, phase and ETA', () => {
    const frame = frameOf(
      <RunProgress simulatedMs={30_000} durationMs={60_000} speed={50} activePhases={['storm', 'panning']} state="running" barWidth={10} />,
    );
    expect(frame).toContain('█████░░░░░');
    expect(frame).toContain('50.0%');
    expect(frame).toContain('30.00 s / 1m 00s simulated');
    expect(frame).toContain('speed 50x');
    expect(frame).toContain('phase storm, panning');
    expect(frame).toContain('ETA 600 ms');
  });

  it('replaces the ETA once stopping or ended', () => {
    const props = { simulatedMs: 12_000, durationMs: 60_000, speed: 50, activePhases: [] } as const;
    expect(frameOf(<RunProgress {...props} state="stopping" />)).toContain('stopping...');
    expect(frameOf(<RunProgress {...props} state="interrupted" />)).toContain('interrupted');
    expect(frameOf(<RunProgress {...props} state="done" />)).toMatch(/done$/m);
  });
});

describe('LiveCounters', () => {
  it('shows each live counter with its value', () => {
    const s = makeSnapshot();
    const frame = frameOf(
      <LiveCounters
        marksPerSecond={s.marksPerSecond}
        processingsPerSecond={s.processingsPerSecond}
        dirtyUsers={s.dirtyUsers}
        activeTimers={s.activeTimers}
        sweeperRuns={s.sweeperRuns}
        errors={s.errors}
        cpuBusyFraction={s.cpuBusyFraction}
        eventLoopLag={s.eventLoopLag}
      />,
    );
    expect(frame).toContain('marks/s 4,200/s');
    expect(frame).toContain('processings/s 810/s');
    expect(frame).toContain('dirty users 480');
    expect(frame).toContain('active timers 300');
    expect(frame).toContain('sweeper runs 6');
    expect(frame).toContain('errors 1');
    expect(frame).toContain('CPU busy 42.0%');
    expect(frame).toContain('lag p99 4.0 ms, max 7.5 ms');
  });
});

describe('LatencyTable', () => {
  it('shows p50, p90, p99 and max overall and for each reason seen', () => {
    const s = makeSnapshot();
    const lines = frameOf(<LatencyTable overall={s.latency.overall} byReason={s.latency.byReason} />).split('\n');
    expect(lines[0]).toMatch(/latency\s+count\s+p50\s+p90\s+p99\s+max/);
    expect(lines.find((l) => l.includes('overall'))).toMatch(/overall\s+11,000\s+380 ms\s+1\.14 s\s+3\.04 s\s+5\.70 s/);
    expect(lines.find((l) => l.includes('viewport_change'))).toMatch(/4,200\s+210 ms\s+630 ms\s+1\.68 s\s+3\.15 s/);
    expect(lines.some((l) => l.includes('initial_request'))).toBe(false);
  });
});

describe('LatencyHistogram', () => {
  it('draws one bar per bucket, the fullest bucket the longest', () => {
    const lines = frameOf(<LatencyHistogram buckets={makeSnapshot().latencyBuckets} barWidth={20} />).split('\n');
    expect(lines[0]).toBe('latency histogram');
    const bar = (label: string): number => {
      const line = lines.find((l) => l.includes(label)) ?? '';
      return (line.match(/[█▏▎▍▌▋▊▉]/g) ?? []).length;
    };
    expect(bar('<= 500 ms')).toBe(20);
    expect(bar('<= 250 ms')).toBeGreaterThan(bar('<= 1.00 s'));
    expect(lines.find((l) => l.includes('<= 500 ms'))).toMatch(/3,800\s+41\.9%/);
  });

  it('says so when nothing was delivered yet', () => {
    expect(frameOf(<LatencyHistogram buckets={[]} />)).toContain('no deliveries yet');
  });
});

describe('Trends', () => {
  it('draws sparklines of dirty users and processings per second with the latest and max', () => {
    const frame = frameOf(<Trends recent={makeSnapshot().recent} width={6} />);
    expect(frame).toMatch(/dirty users\s+▂▂▅█▂▂\s+now 8\s+max 900/);
    expect(frame).toMatch(/processings\/s\s+▂▃▇█▄▂\s+now 25\/s\s+max 950\/s/);
  });
});

describe('ExpectationList', () => {
  it('shows each expectation with its measured value and pass or fail, then the verdict', () => {
    const frame = frameOf(<ExpectationList summary={makeFailingSummary()} />);
    expect(frame).toMatch(/FAIL\s+latency\.p99 < 500ms\s+measured 3\.12 s/);
    expect(frame).toMatch(/PASS\s+processings \/ marks < 0\.5\s+measured 0\.4079/);
    expect(frame).toContain('FAIL  clients consistent with the server: 2 of 1000 diverged');
    expect(frame).toContain('FAILED: 1 of 2 expectations failed; 2 of 1000 clients diverged');
  });

  it('says PASSED when everything held', () => {
    expect(frameOf(<ExpectationList summary={makeSummary()} />)).toContain('PASSED: 2 of 2 expectations met');
  });
});

describe('histogramRows', () => {
  it('keeps the buckets from the first delivery to the last and names an unbounded last bucket', () => {
    const rows = histogramRows([
      { upToMs: 1, count: 0 },
      { upToMs: 10, count: 4 },
      { upToMs: 100, count: 0 },
      { upToMs: 1000, count: 9 },
      { upToMs: Number.POSITIVE_INFINITY, count: 2 },
    ]);
    expect(rows).toEqual([
      { label: '<= 10 ms', count: 4 },
      { label: '<= 100 ms', count: 0 },
      { label: '<= 1.00 s', count: 9 },
      { label: '> 1.00 s', count: 2 },
    ]);
    expect(histogramRows([{ upToMs: 1, count: 0 }])).toEqual([]);
  });
});
