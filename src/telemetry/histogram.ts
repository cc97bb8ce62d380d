import { HybridError } from '../errors.js';
import type { Labels } from './labeled-metric.js';
import { LabeledMetric, labelText } from './labeled-metric.js';
import type { LatencySummary } from './latency-summary.js';
import { latencySummary } from './latency-summary.js';
import { formatSampleValue } from './metric-names.js';

/**
 * Default bounds for durations in milliseconds: from half a millisecond (a hook answered from
 * memory) to two minutes (a long model call), roughly 1-2.5-5 per decade so p95 and p99 keep
 * a useful resolution everywhere in between.
 */
export const LATENCY_BUCKETS_MS: readonly number[] = Object.freeze([
  0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000,
]);

/** A distribution of observed values (durations, sizes) in fixed buckets. */
export interface Histogram {
  observe(value: number, labels?: Labels): void;
  /** Count, p50/p95/p99, max and buckets of one series; with no labels, of every series merged. */
  summary(labels?: Labels): LatencySummary;
}

interface HistogramSeries {
  /** `name_bucket{labels,le="<bound>"} ` for every bound and +Inf, built once. */
  readonly bucketPrefixes: readonly string[];
  readonly sumPrefix: string;
  readonly countPrefix: string;
  /** Per bucket, not cumulative; the last is above every bound. */
  readonly counts: Float64Array;
  sum: number;
  count: number;
  max: number;
}

export class HistogramMetric extends LabeledMetric<HistogramSeries> implements Histogram {
  readonly buckets: readonly number[];

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    buckets: readonly number[],
  ) {
    super(name, help, labelNames, 'histogram');
    checkBuckets(name, buckets);
    this.buckets = Object.freeze([...buckets]);
    this.startSeries();
  }

  observe(value: number, labels?: Labels): void {
    if (Number.isNaN(value)) return;
    const series = this.seriesFor(labels);
    const bounds = this.buckets;
    // Binary search for the first bound >= value (`le` is inclusive).
    let low = 0;
    let high = bounds.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((bounds[middle] as number) < value) low = middle + 1;
      else high = middle;
    }
    (series.counts[low] as number) += 1;
    series.sum += value;
    if (series.count === 0 || value > series.max) series.max = value;
    series.count += 1;
  }

  summary(labels?: Labels): LatencySummary {
    if (labels !== undefined) {
      const series = this.findSeries(labels);
      if (series === undefined)
        return latencySummary(this.buckets, new Float64Array(this.buckets.length + 1), 0, 0);
      return latencySummary(this.buckets, series.counts, series.count, series.max);
    }
    const merged = new Float64Array(this.buckets.length + 1);
    let count = 0;
    let max = 0;
    for (const series of this.series.values()) {
      if (series.count === 0) continue;
      for (let index = 0; index < merged.length; index += 1) {
        (merged[index] as number) += series.counts[index] as number;
      }
      max = count === 0 ? series.max : Math.max(max, series.max);
      count += series.count;
    }
    return latencySummary(this.buckets, merged, count, max);
  }

  protected createSeries(labelPairs: readonly string[]): HistogramSeries {
    const bounds = this.buckets;
    const bucketPrefixes = [...bounds.map(formatSampleValue), '+Inf'].map(
      (bound) => `${this.name}_bucket${labelText([...labelPairs, `le="${bound}"`])} `,
    );
    const plain = labelText(labelPairs);
    return {
      bucketPrefixes,
      sumPrefix: `${this.name}_sum${plain} `,
      countPrefix: `${this.name}_count${plain} `,
      counts: new Float64Array(bounds.length + 1),
      sum: 0,
      count: 0,
      max: 0,
    };
  }

  renderSeries(out: string[]): void {
    for (const series of this.series.values()) {
      let cumulative = 0;
      for (let index = 0; index < series.bucketPrefixes.length; index += 1) {
        cumulative += series.counts[index] as number;
        out.push(`${series.bucketPrefixes[index] as string}${cumulative}\n`);
      }
      out.push(`${series.sumPrefix}${formatSampleValue(series.sum)}\n`);
      out.push(`${series.countPrefix}${series.count}\n`);
    }
  }
}

function checkBuckets(name: string, buckets: readonly number[]): void {
  const ascending = buckets.every(
    (bound, index) =>
      Number.isFinite(bound) && (index === 0 || bound > (buckets[index - 1] as number)),
  );
  if (buckets.length === 0 || !ascending) {
    throw new HybridError(
      'telemetry.invalid_metric',
      `histogram ${name} needs finite, strictly ascending buckets`,
      { hint: '+Inf is added by itself' },
    );
  }
}
