import uPlot from 'uplot';
import { h } from './dom.js';
import type { HistogramBars } from './histogram.js';
import { chartTheme, seriesColor } from './palette.js';

/** A chart on the page; dispose() stops watching its size and frees the canvas. */
export interface Chart {
  readonly element: HTMLElement;
  dispose(): void;
}

/** A chart whose data can change in place (same series, new values): no new canvas, no flicker. */
export interface LiveChart<Data> extends Chart {
  update(data: Data): void;
}

export interface TimeSeries {
  readonly label: string;
  readonly values: readonly number[];
}

export interface TimeData {
  /** Epoch ms, ascending: bucket starts. */
  readonly timestamps: readonly number[];
  /** One value per timestamp each; the labels must stay those the chart was made with. */
  readonly series: readonly TimeSeries[];
}

export interface TimeChartOptions extends TimeData {
  readonly title: string;
  readonly formatValue: (value: number) => string;
  /** The width of one bucket, ms: a chart of few buckets draws each as a bar this wide. */
  readonly bucketMs: number;
  /** px @default 220 */
  readonly height?: number;
}

const DEFAULT_HEIGHT = 220;
/** Up to this many buckets, a time chart draws bars: a line through one or two points shows nothing. */
export const FEW_BUCKETS = 3;
const AXIS_FONT = '11px system-ui, sans-serif';

/**
 * Several series over time: one line each (points drawn, since buckets are sparse), or, with
 * FEW_BUCKETS or fewer, bars nested at each bucket (the largest series first and widest), over
 * an x range one bucket wider on each side.
 */
export function timeChart(options: TimeChartOptions): LiveChart<TimeData> {
  const theme = chartTheme();
  const toAligned = (data: TimeData): uPlot.AlignedData => [
    Array.from(data.timestamps),
    ...data.series.map((series) => Array.from(series.values)),
  ];
  let bucketCount = options.timestamps.length;
  const few = () => bucketCount <= FEW_BUCKETS;
  const count = options.series.length;
  const barPaths = options.series.map((_series, index) =>
    uPlot.paths.bars?.({
      size: [
        Math.max(0.25, 0.7 - (0.45 * index) / Math.max(1, count)),
        Math.max(24, 72 - 20 * index),
      ],
      align: 0,
    }),
  );
  const linePath = uPlot.paths.linear?.();
  const chart = mount(
    options.title,
    options.height ?? DEFAULT_HEIGHT,
    (width, height) => ({
      width,
      height,
      ms: 1,
      legend: { show: true },
      cursor: { drag: { x: true, y: false } },
      scales: {
        x: {
          time: true,
          range: (_chart, min, max) =>
            few() ? [min - options.bucketMs, max + options.bucketMs] : [min, max],
        },
        y: { range: (_chart, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        axis(theme),
        {
          ...axis(theme),
          size: labelWidth,
          values: (_chart, splits) => splits.map((split) => options.formatValue(split)),
        },
      ],
      series: [
        {},
        ...options.series.map((series, index) => {
          const color = seriesColor(index);
          const bars = barPaths[index];
          return {
            label: series.label,
            stroke: color,
            width: 2,
            // Chosen per draw: a refresh can take a chart from few buckets to many.
            paths: (self: uPlot, seriesIndex: number, from: number, to: number) =>
              ((few() ? bars : linePath) ?? linePath)?.(self, seriesIndex, from, to) ?? null,
            fill: (): string => (few() ? `${color}cc` : 'transparent'),
            points: { show: (): boolean => !few(), size: 4 },
            value: (_chart: uPlot, value: number | null) =>
              value === null ? '—' : options.formatValue(value),
          };
        }),
      ],
    }),
    toAligned(options),
  );
  return {
    ...chart,
    update(data) {
      bucketCount = data.timestamps.length;
      chart.setData(toAligned(data));
    },
  };
}

/**
 * A y axis as wide as its widest label (uPlot asks again while the labels change; from the third
 * round it keeps the last size, so the layout settles).
 */
function labelWidth(
  self: uPlot,
  values: string[] | null,
  axisIndex: number,
  cycle: number,
): number {
  const axis = self.axes[axisIndex];
  const previous = (axis as { _size?: number } | undefined)?._size; // uPlot's own last size
  if (cycle > 1 && previous !== undefined) return previous;
  let widest = 0;
  self.ctx.save();
  self.ctx.font = AXIS_FONT;
  for (const value of values ?? []) widest = Math.max(widest, self.ctx.measureText(value).width);
  self.ctx.restore();
  // Tick length + gap + text + a little air at the canvas edge.
  return Math.ceil(10 + 5 + widest + 8);
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
export function barChart(options: BarChartOptions): LiveChart<HistogramBars> {
  const theme = chartTheme();
  let bars = options.bars;
  const barsPath = uPlot.paths.bars?.({ size: [0.8, 48], gap: 2 });
  const chart = mount(
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
        { ...axis(theme), size: labelWidth },
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
    [bars.x, bars.counts],
  );
  return {
    ...chart,
    update(next) {
      bars = next;
      chart.setData([next.x, next.counts]);
    },
  };
}

function axis(theme: ReturnType<typeof chartTheme>): uPlot.Axis {
  return {
    stroke: theme.text,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
    font: AXIS_FONT,
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
  initial: uPlot.AlignedData,
): Chart & { setData(data: uPlot.AlignedData): void } {
  const element = h(
    'figure',
    { class: 'chart' },
    title === '' ? null : h('figcaption', null, title),
  );
  const plotBox = h('div', { class: 'chart-plot' });
  element.appendChild(plotBox);
  let plot: uPlot | null = null;
  let data = initial;
  const observer = new ResizeObserver(() => {
    const width = Math.floor(plotBox.clientWidth);
    if (width <= 0) return;
    if (plot === null) plot = new uPlot(options(width, height), data, plotBox);
    else if (plot.width !== width) plot.setSize({ width, height });
  });
  observer.observe(plotBox);
  return {
    element,
    setData(next) {
      data = next;
      plot?.setData(next);
    },
    dispose() {
      observer.disconnect();
      plot?.destroy();
      plot = null;
    },
  };
}
