import { describe, expect, it } from 'vitest';
import { horizontalBar, progressBar } from '../../src/ui/bar-text.js';
import { sparkline } from '../../src/ui/sparkline-text.js';
import { estimateRemainingWallMs } from '../../src/ui/run-progress.js';

describe('sparkline', () => {
  it('scales from zero to the largest value shown', () => {
    expect(sparkline([0, 1, 2, 4, 8], 10)).toBe('▁▂▃▅█');
    expect(sparkline([5, 5, 5], 10)).toBe('███');
  });

  it('keeps only the most recent samples that fit', () => {
    expect(sparkline([100, 0, 0, 8], 2)).toBe('▁█');
  });

  it('draws nothing-happening as a flat bottom line, and nothing for no samples', () => {
    expect(sparkline([0, 0, 0], 5)).toBe('▁▁▁');
    expect(sparkline([], 5)).toBe('');
    expect(sparkline([Number.NaN, 2], 5)).toBe('▁█');
  });
});

describe('bars', () => {
  it('draws a progress bar of exactly the asked width', () => {
    expect(progressBar(0.5, 10)).toBe('█████░░░░░');
    expect(progressBar(2, 4)).toBe('████');
    expect(progressBar(Number.NaN, 3)).toBe('░░░');
  });

  it('draws horizontal bars with eighth-cell resolution', () => {
    expect(horizontalBar(1, 4)).toBe('████');
    expect(horizontalBar(0.5 + 1 / 16, 4)).toBe('██▎');
    expect(horizontalBar(0, 4)).toBe('');
  });
});

describe('estimateRemainingWallMs', () => {
  it('divides the simulated time left by the speed so far', () => {
    expect(estimateRemainingWallMs(30_000, 60_000, 50)).toBe(600);
    expect(estimateRemainingWallMs(60_000, 60_000, 50)).toBe(0);
    expect(estimateRemainingWallMs(0, 60_000, 0)).toBeNull();
  });
});
