import type { LatencySummary } from '../dashboard/api-types.js';

export type { LatencySummary } from '../dashboard/api-types.js';

/**
 * The q-quantile (0..1) of a bucketed distribution: the bucket holding the q·count-th value,
 * interpolated linearly inside it, and never above the largest value observed (a value in the
 * last bucket, above every bound, is interpolated up to that maximum).
 *
 * `counts[i]` is how many values fell in bucket i (not cumulative): at most `bounds[i]` and
 * above `bounds[i-1]`; `counts[bounds.length]` is above every bound. The first bucket starts at
 * 0 (durations are not negative) unless its bound is below 0.
 */
export function bucketQuantile(
  quantile: number,
  bounds: readonly number[],
  counts: ArrayLike<number>,
  total: number,
  max: number,
): number | null {
  if (total === 0) return null;
  const rank = quantile * total;
  let before = 0;
  for (let index = 0; index < counts.length; index += 1) {
    const inBucket = counts[index] ?? 0;
    if (inBucket > 0 && before + inBucket >= rank) {
      const upper = index < bounds.length ? (bounds[index] as number) : max;
      const previous = index === 0 ? Math.min(0, upper) : (bounds[index - 1] as number);
      const lower = Math.min(previous, upper);
      const value = lower + ((upper - lower) * (rank - before)) / inBucket;
      return Math.min(value, max);
    }
    before += inBucket;
  }
  return max;
}

/** The dashboard's latency summary of one bucketed distribution. */
export function latencySummary(
  bounds: readonly number[],
  counts: ArrayLike<number>,
  total: number,
  max: number,
): LatencySummary {
  return {
    count: total,
    p50: bucketQuantile(0.5, bounds, counts, total, max),
    p95: bucketQuantile(0.95, bounds, counts, total, max),
    p99: bucketQuantile(0.99, bounds, counts, total, max),
    max: total === 0 ? null : max,
    bounds,
    counts: Array.from(counts),
  };
}
