import type { Chart } from '../charts.js';
import { h } from '../dom.js';
import { formatCount, formatPercent } from '../format.js';
import { seriesColor } from '../palette.js';
import type { View, ViewContext } from '../view.js';
import { loadInto, panel, stat } from './common.js';
import { latencyPanel } from './latency-panel.js';

/** Latency histograms of model calls, hooks, MCP tools and tool calls; cache and retries. */
export function performanceView(context: ViewContext): View {
  const charts: Chart[] = [];
  const body = h('div', { class: 'view-body' });
  const element = h('section', { class: 'view', 'aria-label': 'Performance' }, body);
  void loadInto(
    context,
    body,
    (signal) => context.api.performance({ project: context.project }, signal),
    (answer) => [
      h(
        'div',
        { class: 'strip' },
        stat('cache hit rate', formatPercent(answer.cache.hitRate)),
        stat('cache hits', formatCount(answer.cache.hits)),
        stat('cache misses', formatCount(answer.cache.misses)),
        stat('retried calls', formatCount(answer.retries.retriedCalls)),
        stat('extra attempts', formatCount(answer.retries.extraAttempts)),
      ),
      h(
        'div',
        { class: 'grid-2' },
        panel(null, latencyPanel('Model calls', answer.modelCalls, charts, seriesColor(0))),
        panel(
          null,
          latencyPanel('Tool calls (Claude Code)', answer.toolCalls, charts, seriesColor(2)),
        ),
        panel(
          null,
          latencyPanel('Hooks (daemon, since it started)', answer.hooks, charts, seriesColor(1)),
        ),
        panel(null, latencyPanel('MCP tools', answer.mcpTools, charts, seriesColor(4))),
      ),
    ],
  );
  return {
    element,
    dispose: () => {
      for (const chart of charts) chart.dispose();
    },
  };
}
