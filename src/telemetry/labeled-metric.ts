import { HybridError } from '../errors.js';
import { escapeHelp, escapeLabelValue } from './metric-names.js';

/** Label values by label name; a label left out is the empty string, as Prometheus reads it. */
export type Labels = Readonly<Record<string, string>>;

/** Separates label values in a series key: a control character no sane label value holds. */
const KEY_SEPARATOR = '\u0001';

/**
 * What every metric kind shares: its name, help and label names, and its series by label
 * values. A series is created on first use, and its label text (`{a="x",b="y"}`) is built then,
 * once, so rendering only concatenates. Series render in creation order (no sorting per scrape).
 */
export abstract class LabeledMetric<Series> {
  readonly series = new Map<string, Series>();
  /** `# HELP` and `# TYPE` lines, built once. */
  readonly header: string;

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly kind: 'counter' | 'gauge' | 'histogram',
  ) {
    this.header = `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${kind}\n`;
  }

  /**
   * Called at the end of each concrete constructor (once its own fields are set): a metric
   * without labels has its one series from the start, so it renders (as 0) before anything is
   * recorded, and a scrape tells "nothing happened" from "not instrumented".
   */
  protected startSeries(): void {
    if (this.labelNames.length === 0) this.series.set('', this.createSeries([]));
  }

  /** The series for these labels, created (and its label text built) on first use. */
  seriesFor(labels: Labels | undefined): Series {
    const key = this.keyOf(labels);
    const found = this.series.get(key);
    if (found !== undefined) return found;
    return this.addSeries(key, labels);
  }

  /** The series for these labels if it exists, without creating it. */
  findSeries(labels: Labels | undefined): Series | undefined {
    return this.series.get(this.keyOf(labels));
  }

  /** Makes one series; `labelPairs` are the escaped `name="value"` pairs, in labelNames order. */
  protected abstract createSeries(labelPairs: readonly string[]): Series;

  /** Appends every series' sample lines to `out`. */
  abstract renderSeries(out: string[]): void;

  private keyOf(labels: Labels | undefined): string {
    const names = this.labelNames;
    if (names.length === 0 || labels === undefined) return '';
    // Hot path: one string, no array, for the common one- and two-label metrics.
    let key = labels[names[0] as string] ?? '';
    for (let index = 1; index < names.length; index += 1) {
      key += KEY_SEPARATOR + (labels[names[index] as string] ?? '');
    }
    return key;
  }

  private addSeries(key: string, labels: Labels | undefined): Series {
    if (labels !== undefined) {
      for (const labelName of Object.keys(labels)) {
        if (!this.labelNames.includes(labelName)) {
          throw new HybridError(
            'telemetry.invalid_metric',
            `metric ${this.name} has no label ${JSON.stringify(labelName)}`,
            { hint: `its labels are: ${this.labelNames.join(', ') || '(none)'}` },
          );
        }
      }
    }
    const pairs = this.labelNames.map(
      (labelName) => `${labelName}="${escapeLabelValue(labels?.[labelName] ?? '')}"`,
    );
    const series = this.createSeries(pairs);
    this.series.set(key, series);
    return series;
  }
}

/** `{a="x",b="y"}`, or nothing when there are no labels. */
export function labelText(pairs: readonly string[]): string {
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}
