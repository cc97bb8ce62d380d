import type { CostAnswer } from '../../api-types.js';
import { timeChart } from '../charts.js';
import type { LiveChart, TimeData } from '../charts.js';
import {
  cacheReadShare,
  closeGaps,
  costByName,
  sum,
  tokensByKind,
  tokensByModel,
} from '../cost-series.js';
import type { NamedSeries } from '../cost-series.js';
import { code, emptyState, h, replace } from '../dom.js';
import { formatCount, formatPercent, formatUsd } from '../format.js';
import type { View, ViewContext } from '../view.js';
import { cell, keepFresh, num, panel, stat, table } from './common.js';

const BUCKETS = [
  ['1 min', 60_000],
  ['5 min', 300_000],
  ['1 hour', 3_600_000],
  ['1 day', 86_400_000],
] as const;
const DEFAULT_BUCKET_MS = 3_600_000;

/**
 * Cost and tokens over time, by model and by agent, from the recorded model calls. It follows
 * new calls while open: the figures and the table are redrawn, the charts get their new data in
 * place (a new model or agent, which changes a chart's series, draws the charts anew).
 */
export function costView(context: ViewContext): View {
  let charts: CostCharts | null = null;
  const picker = h(
    'select',
    { 'aria-label': 'Bucket size' },
    BUCKETS.map(([label, ms]) =>
      h('option', { value: ms, selected: ms === DEFAULT_BUCKET_MS }, `per ${label}`),
    ),
  );
  const element = h(
    'section',
    { class: 'view', 'aria-label': 'Cost and tokens' },
    h(
      'div',
      { class: 'toolbar' },
      h('h2', null, 'Cost and tokens'),
      h('span', { class: 'spacer' }),
      picker,
    ),
  );
  let body = h('div', { class: 'view-body' });
  /** Aborted when the view closes or the bucket size changes: ends one refresh loop. */
  let load = new AbortController();
  context.signal.addEventListener('abort', () => {
    load.abort();
  });

  const dispose = (): void => {
    charts?.dispose();
    charts = null;
  };
  const renderAll = (answer: CostAnswer) => {
    dispose();
    const rendered = render(answer, Number(picker.value));
    charts = rendered.charts;
    return rendered.children;
  };
  /** Starts (again, for another bucket size) with a fresh body and its own refresh loop. */
  const start = (): void => {
    load.abort();
    load = new AbortController();
    dispose();
    const fresh = h('div', { class: 'view-body' });
    body.replaceWith(fresh);
    body = fresh;
    const target = fresh;
    keepFresh(
      { ...context, signal: load.signal },
      target,
      (signal) => context.api.cost({ project: context.project, bucketMs: picker.value }, signal),
      renderAll,
      (answer) => {
        if (charts !== null && charts.fits(answer)) {
          const rendered = render(answer, Number(picker.value), charts);
          replace(target, rendered.children);
        } else replace(target, renderAll(answer));
      },
    );
  };
  element.appendChild(body);
  picker.addEventListener('change', start);
  start();
  return { element, dispose };
}

/** The view's four charts, kept across refreshes while their series stay the same. */
interface CostCharts {
  readonly grid: HTMLElement;
  /** Whether `answer` has the same series (models, agents) as the charts show. */
  fits(answer: CostAnswer): boolean;
  update(answer: CostAnswer): void;
  dispose(): void;
}

/**
 * The four charts' series, over the buckets with quiet gaps closed. Tokens by model lists the
 * models in the order (so the colours) of cost by model.
 */
function chartData(
  answer: CostAnswer,
  bucketMs: number,
): { timestamps: number[]; series: NamedSeries[][] } {
  const costs = costByName(answer.byModel);
  const rank = new Map(costs.map((series, index) => [series.label, index]));
  const tokens = tokensByModel(answer.byModel).sort(
    (left, right) => (rank.get(left.label) ?? 0) - (rank.get(right.label) ?? 0),
  );
  const all = [
    costs,
    costByName(answer.byAgent),
    tokens,
    tokensByKind(answer.byModel, answer.buckets.length),
  ];
  const closed = all.map((series) => closeGaps(answer.buckets, series, bucketMs));
  return {
    timestamps: closed[0]?.timestamps ?? [],
    series: closed.map((one) => one.series),
  };
}

function costCharts(answer: CostAnswer, bucketMs: number): CostCharts {
  const titles: readonly [string, boolean][] = [
    ['Cost by model', true],
    ['Cost by agent', true],
    ['Tokens by model (input, output, cache reads and writes)', false],
    ['Tokens by kind', false],
  ];
  const data = chartData(answer, bucketMs);
  /** Each chart's series labels in the order it draws them (set once: colours stay put). */
  const order = data.series.map((series) => series.map((one) => one.label));
  const sameSeries = (next: ReturnType<typeof chartData>) =>
    next.series.every((series, index) => {
      const labels = order[index] ?? [];
      return series.length === labels.length && series.every((one) => labels.includes(one.label));
    });
  const made: LiveChart<TimeData>[] = titles.map(([title, usd], index) =>
    timeChart({
      title,
      timestamps: data.timestamps,
      series: data.series[index] ?? [],
      formatValue: usd ? formatUsd : formatCount,
      bucketMs,
    }),
  );
  return {
    grid: h(
      'div',
      { class: 'grid-2' },
      made.map((chart) => panel(null, chart.element)),
    ),
    fits: (next) => sameSeries(chartData(next, bucketMs)),
    update(next) {
      const nextData = chartData(next, bucketMs);
      made.forEach((chart, index) => {
        const byLabel = new Map((nextData.series[index] ?? []).map((one) => [one.label, one]));
        chart.update({
          timestamps: nextData.timestamps,
          series: (order[index] ?? []).map(
            (label) => byLabel.get(label) ?? { label, values: nextData.timestamps.map(() => 0) },
          ),
        });
      });
    },
    dispose() {
      for (const chart of made) chart.dispose();
    },
  };
}

/** The view's content; with `kept` charts, those are updated and reused. */
function render(
  answer: CostAnswer,
  bucketMs: number,
  kept?: CostCharts,
): { children: (HTMLElement | null)[]; charts: CostCharts | null } {
  const { totals } = answer;
  const strip = h(
    'div',
    { class: 'strip' },
    stat('total cost', formatUsd(totals.costUsd), {
      'data-testid': 'cost-total',
      'data-usd': String(totals.costUsd),
      title: `$${String(totals.costUsd)}`,
    }),
    stat('model calls', formatCount(totals.calls)),
    stat('input tokens', formatCount(totals.inputTokens)),
    stat('output tokens', formatCount(totals.outputTokens)),
    stat('cache reads', formatCount(totals.cacheReadTokens)),
    stat('cache writes', formatCount(totals.cacheWriteTokens)),
    stat('read from cache', formatPercent(cacheReadShare(totals))),
  );
  if (answer.buckets.length === 0)
    return {
      children: [
        strip,
        emptyState(
          'No model calls recorded yet.',
          'Cost comes from agent and workflow runs: try ',
          code('claude-hybrid run "<task>"'),
          ' or ',
          code('claude-hybrid workflow run <name>'),
          '. They appear here as they are recorded.',
        ),
      ],
      charts: null,
    };
  const charts = kept ?? costCharts(answer, bucketMs);
  if (kept !== undefined) kept.update(answer);
  const models = Object.entries(answer.byModel).sort(
    (left, right) => sum(right[1].costUsd) - sum(left[1].costUsd),
  );
  return {
    children: [
      strip,
      charts.grid,
      panel(
        'By model',
        table(
          [
            { label: 'model' },
            { label: 'cost', numeric: true },
            { label: 'input', numeric: true },
            { label: 'output', numeric: true },
            { label: 'cache reads', numeric: true },
            { label: 'cache writes', numeric: true },
          ],
          models.map(([model, series]) =>
            h(
              'tr',
              null,
              cell(model, 'mono'),
              num(formatUsd(sum(series.costUsd))),
              num(formatCount(sum(series.inputTokens))),
              num(formatCount(sum(series.outputTokens))),
              num(formatCount(sum(series.cacheReadTokens))),
              num(formatCount(sum(series.cacheWriteTokens))),
            ),
          ),
        ),
      ),
    ],
    charts,
  };
}
