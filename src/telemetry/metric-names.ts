import { HybridError } from '../errors.js';

/** Prometheus metric names: `[a-zA-Z_:][a-zA-Z0-9_:]*`. */
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Prometheus label names: `[a-zA-Z_][a-zA-Z0-9_]*`; names starting `__` are reserved. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Refuses a metric name or label set Prometheus would reject, when the metric is declared (once
 * per process), so a bad name fails at the declaration and never corrupts a scrape.
 */
export function checkMetricNames(
  name: string,
  labelNames: readonly string[],
  reserved: readonly string[],
): void {
  if (!METRIC_NAME.test(name)) {
    throw new HybridError(
      'telemetry.invalid_metric',
      `metric name ${JSON.stringify(name)} is not valid`,
      {
        hint: 'use letters, digits, underscores and colons, not starting with a digit',
      },
    );
  }
  const seen = new Set<string>();
  for (const label of labelNames) {
    if (!LABEL_NAME.test(label) || label.startsWith('__') || reserved.includes(label)) {
      throw new HybridError(
        'telemetry.invalid_metric',
        `label name ${JSON.stringify(label)} of metric ${name} is not valid`,
        { hint: 'use letters, digits and underscores, not starting with a digit or "__"' },
      );
    }
    if (seen.has(label)) {
      throw new HybridError(
        'telemetry.invalid_metric',
        `label ${label} of metric ${name} is repeated`,
      );
    }
    seen.add(label);
  }
}

/** A label value in the text format: backslash, double quote and newline escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (character) => (character === '\n' ? '\\n' : `\\${character}`));
}

/** A HELP text in the text format: backslash and newline escaped. */
export function escapeHelp(help: string): string {
  return help.replace(/[\\\n]/g, (character) => (character === '\n' ? '\\n' : '\\\\'));
}

/** A sample value in the text format: `+Inf`, `-Inf` and `NaN` spelled as Prometheus reads them. */
export function formatSampleValue(value: number): string {
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}
