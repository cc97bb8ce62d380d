import type { CostAnswer } from '../../api-types.js';
import { timeChart } from '../charts.js';
import type { Chart } from '../charts.js';
import { cacheReadShare, costByName, sum, tokensByKind, tokensByModel } from '../cost-series.js';
import { code, emptyState, h } from '../dom.js';
import { formatCount, formatPercent, formatUsd } from '../format.js';
import type { View, ViewContext } from '../view.js';
import { cell, loadInto, num, panel, stat, table } from './common.js';

const BUCKETS = [
  ['1 min', 60_000],
  ['5 min', 300_000],
  ['1 hour', 3_600_000],
  ['1 day', 86_400_000],
] as const;
const DEFAULT_BUCKET_MS = 3_600_000;

/** Cost and tokens over time, by model and by agent, from the recorded model calls. */
export function costView(context: ViewContext): View {
  const charts: Chart[] = [];
  const picker = h(
    'select',
    { 'aria-label': 'Bucket size' },
    BUCKETS.map(([label, ms]) =>
      h('option', { value: ms, selected: ms === DEFAULT_BUCKET_MS }, `per ${label}`),
    ),
  );
  const body = h('div', { class: 'view-body' });
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
    body,
  );

  const load = (): void => {
    for (const chart of charts.splice(0)) chart.dispose();
    void loadInto(
      context,
      body,
      (signal) => context.api.cost({ project: context.project, bucketMs: picker.value }, signal),
      (answer) => render(answer, charts),
    );
  };
  picker.addEventListener('change', load);
  load();
  return {
    element,
    dispose: () => {
      for (const chart of charts) chart.dispose();
    },
  };
}

function render(answer: CostAnswer, charts: Chart[]): (HTMLElement | null)[] {
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
    return [
      strip,
      emptyState(
        'No model calls recorded yet.',
        'Cost comes from agent and workflow runs: try ',
        code('claude-hybrid run "<task>"'),
        ' or ',
        code('claude-hybrid workflow run <name>'),
        '.',
      ),
    ];
  const chart = (
    title: string,
    series: readonly { label: string; values: readonly number[] }[],
    usd: boolean,
  ) => {
    const created = timeChart({
      title,
      timestamps: answer.buckets,
      series,
      formatValue: usd ? formatUsd : formatCount,
    });
    charts.push(created);
    return panel(null, created.element);
  };
  const models = Object.entries(answer.byModel).sort(
    (left, right) => sum(right[1].costUsd) - sum(left[1].costUsd),
  );
  return [
    strip,
    h(
      'div',
      { class: 'grid-2' },
      chart('Cost by model', costByName(answer.byModel), true),
      chart('Cost by agent', costByName(answer.byAgent), true),
      chart(
        'Tokens by model (input, output, cache reads and writes)',
        tokensByModel(answer.byModel),
        false,
      ),
      chart('Tokens by kind', tokensByKind(answer.byModel, answer.buckets.length), false),
    ),
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
  ];
}
