import { HybridError } from '../errors.js';
import type { Labels } from './labeled-metric.js';
import { LabeledMetric, labelText } from './labeled-metric.js';
import { formatSampleValue } from './metric-names.js';

/** A value that only goes up: requests, failures, retries. */
export interface Counter {
  /** Adds `by` (default 1, never negative) to the series of these labels. */
  inc(labels?: Labels, by?: number): void;
  /** The series' value; 0 when it has never been incremented. */
  get(labels?: Labels): number;
}

/** A value that goes up and down: open connections, queue length. */
export interface Gauge {
  set(labels: Labels | undefined, value: number): void;
  /** The series' value; 0 when it has never been set. */
  get(labels?: Labels): number;
}

interface ScalarSeries {
  /** `name{labels} `: everything of the sample line before the value. */
  readonly prefix: string;
  value: number;
}

abstract class ScalarMetric extends LabeledMetric<ScalarSeries> {
  get(labels?: Labels): number {
    return this.findSeries(labels)?.value ?? 0;
  }

  protected createSeries(labelPairs: readonly string[]): ScalarSeries {
    return { prefix: `${this.name}${labelText(labelPairs)} `, value: 0 };
  }

  renderSeries(out: string[]): void {
    for (const series of this.series.values()) {
      out.push(series.prefix + formatSampleValue(series.value) + '\n');
    }
  }
}

export class CounterMetric extends ScalarMetric implements Counter {
  constructor(name: string, help: string, labelNames: readonly string[]) {
    super(name, help, labelNames, 'counter');
    this.startSeries();
  }

  inc(labels?: Labels, by = 1): void {
    if (!(by >= 0)) {
      throw new HybridError(
        'telemetry.invalid_metric',
        `counter ${this.name} cannot go down (inc by ${by})`,
      );
    }
    this.seriesFor(labels).value += by;
  }
}

export class GaugeMetric extends ScalarMetric implements Gauge {
  constructor(name: string, help: string, labelNames: readonly string[]) {
    super(name, help, labelNames, 'gauge');
    this.startSeries();
  }

  set(labels: Labels | undefined, value: number): void {
    this.seriesFor(labels).value = value;
  }
}
