import { describe, expect, it } from 'vitest';
import { histogramBars, mergeHistograms } from './histogram.js';

describe('histogramBars', () => {
  it('makes one bar per bucket, labelled by its bound, the last one open-ended', () => {
    expect(histogramBars({ bounds: [10, 100, 1000], counts: [1, 5, 2, 1] })).toEqual({
      x: [0, 1, 2, 3],
      counts: [1, 5, 2, 1],
      labels: ['10ms', '100ms', '1s', '>1s'],
    });
  });

  it('drops empty buckets at the end but keeps one bar', () => {
    expect(histogramBars({ bounds: [10, 100], counts: [3, 0, 0] }).labels).toEqual(['10ms']);
    expect(histogramBars({ bounds: [10], counts: [0, 0] }).counts).toEqual([0]);
    expect(histogramBars({ bounds: [], counts: [] }).x).toEqual([]);
    expect(histogramBars({ bounds: [], counts: [4] }).labels).toEqual(['all']);
  });
});

describe('mergeHistograms', () => {
  it('sums histograms with the same bounds and skips others', () => {
    expect(
      mergeHistograms([
        { bounds: [1, 2], counts: [1, 2, 3] },
        { bounds: [1, 2], counts: [10, 20, 30] },
        { bounds: [5, 6], counts: [100, 100, 100] },
      ]),
    ).toEqual({ bounds: [1, 2], counts: [11, 22, 33], merged: 2 });
    expect(mergeHistograms([])).toBeNull();
  });
});
