import type { LatencySummary } from '../../api-types.js';
import { barChart } from '../charts.js';
import type { Chart, LiveChart } from '../charts.js';
import { h, replace } from '../dom.js';
import { formatCount, formatDuration } from '../format.js';
import { histogramBars } from '../histogram.js';
import type { HistogramBars } from '../histogram.js';

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

export interface LatencyPanel {
  readonly element: HTMLElement;
  update(summary: LatencySummary): void;
}

/**
 * A latency histogram with its figures; `charts` collects the chart to dispose of with the view.
 * No recorded durations: a line saying so instead of an empty chart. update() shows a newer
 * summary of the same histogram in place (the chart keeps its canvas).
 */
export function latencyPanel(
  title: string,
  summary: LatencySummary,
  charts: Chart[],
  color?: string,
): LatencyPanel {
  const element = h('div', { class: 'latency' });
  let chart: LiveChart<HistogramBars> | null = null;
  const show = (next: LatencySummary): void => {
    if (next.count === 0 || next.counts.length === 0) {
      replace(element, h('h2', null, title), h('p', { class: 'muted' }, 'Nothing recorded yet.'));
      return;
    }
    if (chart === null) {
      chart = barChart({
        title: '',
        bars: histogramBars(next),
        ...(color === undefined ? {} : { color }),
      });
      charts.push(chart);
    } else chart.update(histogramBars(next));
    replace(element, h('h2', null, title), latencyFigures(next), chart.element);
  };
  show(summary);
  return { element, update: show };
}
