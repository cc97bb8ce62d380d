import type { LatencySummary } from '../api-types.js';
import { formatDurationShort } from './format.js';

/**
 * A latency histogram as a bar chart's data: one bar per bucket, x the bucket's index (uPlot
 * wants numbers), labelled by its upper bound (`250ms`: at most 250 ms) and, for the last bucket,
 * `>` the last bound. Pure: tested
 * in histogram.test.ts.
 */
export interface HistogramBars {
  readonly x: number[];
  readonly counts: number[];
  readonly labels: string[];
}

export function histogramBars(summary: Pick<LatencySummary, 'bounds' | 'counts'>): HistogramBars {
  const x: number[] = [];
  const counts: number[] = [];
  const labels: string[] = [];
  const { bounds } = summary;
  summary.counts.forEach((count, index) => {
    const bound = bounds[index];
    const last = bounds[bounds.length - 1];
    let label: string;
    if (bound !== undefined) label = formatDurationShort(bound);
    else if (last !== undefined) label = `>${formatDurationShort(last)}`;
    else label = 'all';
    x.push(index);
    counts.push(count);
    labels.push(label);
  });
  // Trailing empty buckets say nothing; keep at least the first bucket so the axis exists.
  while (counts.length > 1 && counts[counts.length - 1] === 0) {
    x.pop();
    counts.pop();
    labels.pop();
  }
  return { x, counts, labels };
}

/**
 * Sums the histograms that share the first one's bounds; others are skipped (`merged` says how
 * many were summed).
 */
export function mergeHistograms(
  summaries: readonly Pick<LatencySummary, 'bounds' | 'counts'>[],
): (Pick<LatencySummary, 'bounds' | 'counts'> & { readonly merged: number }) | null {
  const first = summaries[0];
  if (first === undefined) return null;
  const counts = first.counts.map(() => 0);
  let merged = 0;
  for (const summary of summaries) {
    if (!sameBounds(summary.bounds, first.bounds) || summary.counts.length !== counts.length)
      continue;
    merged += 1;
    summary.counts.forEach((count, index) => {
      counts[index] = (counts[index] ?? 0) + count;
    });
  }
  return { bounds: first.bounds, counts, merged };
}

function sameBounds(left: readonly number[], right: readonly number[]): boolean {
  return left.length === right.length && left.every((bound, index) => bound === right[index]);
}
