import uPlot from 'uplot';
import { h } from './dom.js';
import type { HistogramBars } from './histogram.js';
import { chartTheme, seriesColor } from './palette.js';

/** A chart on the page; dispose() stops watching its size and frees the canvas. */
export interface Chart {
  readonly element: HTMLElement;
  dispose(): void;
}

export interface TimeSeries {
  readonly label: string;
  readonly values: readonly number[];
}

export interface TimeChartOptions {
  readonly title: string;
  /** Epoch ms, ascending. */
  readonly timestamps: readonly number[];
  readonly series: readonly TimeSeries[];
  readonly formatValue: (value: number) => string;
  /** px @default 220 */
  readonly height?: number;
}

const DEFAULT_HEIGHT = 220;

/** Several series over time, one line each (points drawn, since buckets are sparse). */
export function timeChart(options: TimeChartOptions): Chart {
  const theme = chartTheme();
  const data: uPlot.AlignedData = [
    Array.from(options.timestamps),
    ...options.series.map((series) => Array.from(series.values)),
  ];
  return mount(
    options.title,
    options.height ?? DEFAULT_HEIGHT,
    (width, height) => ({
      width,
      height,
      ms: 1,
      legend: { show: true },
      cursor: { drag: { x: true, y: false } },
      scales: { y: { range: (_chart, _min, max) => [0, max > 0 ? max * 1.05 : 1] } },
      axes: [
        axis(theme),
        {
          ...axis(theme),
          size: 64,
          values: (_chart, splits) => splits.map((split) => options.formatValue(split)),
        },
      ],
      series: [
        {},
        ...options.series.map((series, index) => ({
          label: series.label,
          stroke: seriesColor(index),
          width: 2,
          points: { show: true, size: 4 },
          value: (_chart: uPlot, value: number | null) =>
            value === null ? '—' : options.formatValue(value),
        })),
      ],
    }),
    data,
  );
}

export interface BarChartOptions {
  readonly title: string;
  readonly bars: HistogramBars;
  /** px @default 200 */
  readonly height?: number;
  /** @default the first series colour */
  readonly color?: string;
}

/** A histogram: one bar per bucket, labelled under the axis. */
export function barChart(options: BarChartOptions): Chart {
  const theme = chartTheme();
  const { bars } = options;
  const data: uPlot.AlignedData = [bars.x, bars.counts];
  const barsPath = uPlot.paths.bars?.({ size: [0.8, 48], gap: 2 });
  return mount(
    options.title,
    options.height ?? 200,
    (width, height) => ({
      width,
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: {
        x: { time: false, range: (_chart, min, max) => [min - 0.5, max + 0.5] },
        y: { range: (_chart, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        {
          ...axis(theme),
          incrs: [1],
          space: 36,
          values: (_chart, splits) => splits.map((split) => bars.labels[split] ?? ''),
        },
        { ...axis(theme), size: 48 },
      ],
      series: [
        {},
        {
          label: 'calls',
          stroke: options.color ?? seriesColor(0),
          fill: `${options.color ?? seriesColor(0)}99`,
          width: 1,
          ...(barsPath === undefined ? {} : { paths: barsPath }),
          points: { show: false },
        },
      ],
    }),
    data,
  );
}

function axis(theme: ReturnType<typeof chartTheme>): uPlot.Axis {
  return {
    stroke: theme.text,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
    font: '11px system-ui, sans-serif',
  };
}

/**
 * Creates the chart once its box has a width, and follows the box's width after that. The
 * options are built per size so a chart never renders at a guessed width.
 */
function mount(
  title: string,
  height: number,
  options: (width: number, height: number) => uPlot.Options,
  data: uPlot.AlignedData,
): Chart {
  const element = h(
    'figure',
    { class: 'chart' },
    title === '' ? null : h('figcaption', null, title),
  );
  const plotBox = h('div', { class: 'chart-plot' });
  element.appendChild(plotBox);
  let plot: uPlot | null = null;
  const observer = new ResizeObserver(() => {
    const width = Math.floor(plotBox.clientWidth);
    if (width <= 0) return;
    if (plot === null) plot = new uPlot(options(width, height), data, plotBox);
    else if (plot.width !== width) plot.setSize({ width, height });
  });
  observer.observe(plotBox);
  return {
    element,
    dispose() {
      observer.disconnect();
      plot?.destroy();
      plot = null;
    },
  };
}
