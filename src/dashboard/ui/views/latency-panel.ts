import type { LatencySummary } from '../../api-types.js';
import { barChart } from '../charts.js';
import type { Chart } from '../charts.js';
import { h } from '../dom.js';
import { formatCount, formatDuration } from '../format.js';
import { histogramBars } from '../histogram.js';

/** p50 / p95 / p99 / max / count of one latency summary, as a line of figures. */
export function latencyFigures(summary: LatencySummary): HTMLElement {
  const figure = (label: string, value: number | null) =>
    value === null ? null : h('span', null, `${label} `, h('b', null, formatDuration(value)));
  return h(
    'div',
    { class: 'figures' },
    h('span', null, 'calls ', h('b', null, formatCount(summary.count))),
    figure('p50', summary.p50),
    figure('p95', summary.p95),
    figure('p99', summary.p99),
    figure('max', summary.max),
  );
}

/**
 * A latency histogram with its figures; `charts` collects the chart to dispose of with the view.
 * No recorded durations: a line saying so instead of an empty chart.
 */
export function latencyPanel(
  title: string,
  summary: LatencySummary,
  charts: Chart[],
  color?: string,
): HTMLElement {
  if (summary.count === 0 || summary.counts.length === 0)
    return h(
      'div',
      { class: 'latency' },
      h('h2', null, title),
      h('p', { class: 'muted' }, 'Nothing recorded yet.'),
    );
  const chart = barChart({
    title: '',
    bars: histogramBars(summary),
    ...(color === undefined ? {} : { color }),
  });
  charts.push(chart);
  return h(
    'div',
    { class: 'latency' },
    h('h2', null, title),
    latencyFigures(summary),
    chart.element,
  );
}
