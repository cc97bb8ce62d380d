import { HybridError } from '../errors.js';
import type { Histogram } from './histogram.js';
import { HistogramMetric, LATENCY_BUCKETS_MS } from './histogram.js';
import { checkMetricNames } from './metric-names.js';
import type { Counter, Gauge } from './scalar-metrics.js';
import { CounterMetric, GaugeMetric } from './scalar-metrics.js';

export { LATENCY_BUCKETS_MS } from './histogram.js';
export type { Histogram } from './histogram.js';
export type { Labels } from './labeled-metric.js';
export type { LatencySummary } from './latency-summary.js';
export type { Counter, Gauge } from './scalar-metrics.js';

/** Options of {@link MetricsRegistry.histogram}. */
export interface HistogramOptions {
  /** The labels every observation carries. @default [] (one series) */
  labelNames?: readonly string[];
  /** Finite, strictly ascending upper bounds; `+Inf` is implied. @default LATENCY_BUCKETS_MS */
  buckets?: readonly number[];
}

type AnyMetric = CounterMetric | GaugeMetric | HistogramMetric;

/**
 * Counters, gauges and histograms with label sets, rendered in the Prometheus text format
 * (0.0.4). Declaring a metric twice with the same name, kind and labels returns the first one,
 * so every module declares what it records where it records it; a clash throws
 * `telemetry.invalid_metric`. Recording costs one Map lookup; rendering only concatenates text
 * built when each series was created, in declaration and creation order.
 */
export class MetricsRegistry {
  private readonly metricsByName = new Map<string, AnyMetric>();

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.declare(
      name,
      'counter',
      labelNames,
      () => new CounterMetric(name, help, labelNames),
    );
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.declare(name, 'gauge', labelNames, () => new GaugeMetric(name, help, labelNames));
  }

  histogram(name: string, help: string, options: HistogramOptions = {}): Histogram {
    const labelNames = options.labelNames ?? [];
    const buckets = options.buckets ?? LATENCY_BUCKETS_MS;
    const metric = this.declare(
      name,
      'histogram',
      labelNames,
      () => new HistogramMetric(name, help, labelNames, buckets),
    );
    if (options.buckets !== undefined && !sameList(metric.buckets, buckets)) {
      throw clash(name, 'other buckets');
    }
    return metric;
  }

  /** Every metric in the Prometheus text exposition format 0.0.4. */
  render(): string {
    const out: string[] = [];
    for (const metric of this.metricsByName.values()) {
      out.push(metric.header);
      metric.renderSeries(out);
    }
    return out.join('');
  }

  private declare<Metric extends AnyMetric>(
    name: string,
    kind: Metric['kind'],
    labelNames: readonly string[],
    create: () => Metric,
  ): Metric {
    const existing = this.metricsByName.get(name);
    if (existing !== undefined) {
      if (existing.kind !== kind) throw clash(name, `kind ${kind} (it is a ${existing.kind})`);
      if (!sameList(existing.labelNames, labelNames)) throw clash(name, 'other labels');
      return existing as Metric; // its kind was just checked, and each kind has one class
    }
    checkMetricNames(name, labelNames, kind === 'histogram' ? ['le'] : []);
    const metric = create();
    this.metricsByName.set(name, metric);
    return metric;
  }
}

function clash(name: string, what: string): HybridError {
  return new HybridError(
    'telemetry.invalid_metric',
    `metric ${name} is already declared; redeclared with ${what}`,
  );
}

function sameList(
  left: readonly (string | number)[],
  right: readonly (string | number)[],
): boolean {
  return left.length === right.length && left.every((item, index) => item === right[index]);
}

/**
 * Where the process-wide registry lives: on globalThis under a registered symbol, because the
 * CLI and daemon are split into bundles that each carry their own copy of this module, and they
 * must all record into one registry for `/metrics` to see everything.
 */
const REGISTRY_KEY = Symbol.for('claude-hybrid.metrics');

/** The process-wide registry every module records into and `/metrics` renders. */
export function metrics(): MetricsRegistry {
  const holder = globalThis as { [REGISTRY_KEY]?: MetricsRegistry };
  return (holder[REGISTRY_KEY] ??= new MetricsRegistry());
}
