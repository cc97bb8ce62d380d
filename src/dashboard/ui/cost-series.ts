import type { CostAnswer, CostSeries } from '../api-types.js';

/** Turns /api/cost answers into chart series. Pure: tested in cost-series.test.ts. */
export interface NamedSeries {
  readonly label: string;
  readonly values: readonly number[];
}

const TOKEN_KINDS = [
  ['input', 'inputTokens'],
  ['output', 'outputTokens'],
  ['cache read', 'cacheReadTokens'],
  ['cache write', 'cacheWriteTokens'],
] as const;

/** One series per name (model or agent), its cost per bucket; largest total first. */
export function costByName(group: CostAnswer['byModel']): NamedSeries[] {
  return sortByTotal(
    Object.entries(group).map(([label, series]) => ({ label, values: series.costUsd })),
  );
}

/** One series per model: every kind of token (input, output, cache reads and writes) summed. */
export function tokensByModel(group: CostAnswer['byModel']): NamedSeries[] {
  return sortByTotal(
    Object.entries(group).map(([label, series]) => ({ label, values: allTokens(series) })),
  );
}

/** One series per kind of token, summed over the models. */
export function tokensByKind(group: CostAnswer['byModel'], buckets: number): NamedSeries[] {
  return TOKEN_KINDS.map(([label, key]) => {
    const values = new Array<number>(buckets).fill(0);
    for (const series of Object.values(group))
      series[key].forEach((value, index) => {
        if (index < buckets) values[index] = (values[index] ?? 0) + value;
      });
    return { label, values };
  });
}

/** The share of input-side tokens served from the prompt cache, or null with no input. */
export function cacheReadShare(totals: CostAnswer['totals']): number | null {
  const input = totals.inputTokens + totals.cacheReadTokens + totals.cacheWriteTokens;
  return input === 0 ? null : totals.cacheReadTokens / input;
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

function allTokens(series: CostSeries): number[] {
  return series.inputTokens.map(
    (input, index) =>
      input +
      (series.outputTokens[index] ?? 0) +
      (series.cacheReadTokens[index] ?? 0) +
      (series.cacheWriteTokens[index] ?? 0),
  );
}

function sortByTotal(series: NamedSeries[]): NamedSeries[] {
  return series.sort((left, right) => sum(right.values) - sum(left.values));
}

/**
 * /api/cost leaves out buckets without calls, so a line drawn through its points would show
 * spending across a quiet day. This puts zeros in the bucket after and the bucket before each gap
 * (enough for the line to drop to 0 and stay there).
 */
export function closeGaps(
  timestamps: readonly number[],
  series: readonly NamedSeries[],
  bucketMs: number,
): { timestamps: number[]; series: NamedSeries[] } {
  const times: number[] = [];
  const values: number[][] = series.map(() => []);
  const push = (time: number, index: number | null): void => {
    times.push(time);
    series.forEach((one, at) => values[at]?.push(index === null ? 0 : (one.values[index] ?? 0)));
  };
  timestamps.forEach((time, index) => {
    push(time, index);
    const next = timestamps[index + 1];
    if (next === undefined || next - time <= bucketMs) return;
    push(time + bucketMs, null);
    if (next - bucketMs > time + bucketMs) push(next - bucketMs, null);
  });
  return {
    timestamps: times,
    series: series.map((one, at) => ({ label: one.label, values: values[at] ?? [] })),
  };
}
