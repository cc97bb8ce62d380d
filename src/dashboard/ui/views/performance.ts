import type { Chart } from '../charts.js';
import type { PerformanceAnswer } from '../../api-types.js';
import { h, replace } from '../dom.js';
import { formatCount, formatDuration, formatPercent } from '../format.js';
import { seriesColor } from '../palette.js';
import type { View, ViewContext } from '../view.js';
import { keepFresh, panel, stat } from './common.js';
import { latencyPanel } from './latency-panel.js';
import type { LatencyPanel } from './latency-panel.js';

/**
 * Latency histograms of model calls, hooks, MCP tools and tool calls, and of the waits of model
 * calls (rate limits, slots, retry backoff); cache, retries and waits. It
 * follows new events while open: the figures are redrawn, the histograms updated in place.
 */
export function performanceView(context: ViewContext): View {
  const charts: Chart[] = [];
  const body = h('div', { class: 'view-body' });
  const element = h('section', { class: 'view', 'aria-label': 'Performance' }, body);
  const strip = h('div', { class: 'strip' });
  let panels: Record<Histogram, LatencyPanel> | null = null;
  const fill = (answer: PerformanceAnswer): void => {
    replace(
      strip,
      stat('cache hit rate', formatPercent(answer.cache.hitRate)),
      stat('cache hits', formatCount(answer.cache.hits)),
      stat('cache misses', formatCount(answer.cache.misses)),
      stat('retried calls', formatCount(answer.retries.retriedCalls)),
      stat('extra attempts', formatCount(answer.retries.extraAttempts)),
      stat('calls that waited', formatCount(answer.retries.waitedCalls)),
      stat('time waited', formatDuration(answer.retries.waitedMs)),
    );
  };
  keepFresh(
    context,
    body,
    (signal) => context.api.performance({ project: context.project }, signal),
    (answer) => {
      fill(answer);
      const made = {} as Record<Histogram, LatencyPanel>; // every key is set below
      for (const [key, title, color] of HISTOGRAMS)
        made[key] = latencyPanel(title, answer[key], charts, seriesColor(color));
      panels = made;
      return [
        strip,
        h(
          'div',
          { class: 'grid-2' },
          HISTOGRAMS.map(([key]) => panel(null, made[key].element)),
        ),
      ];
    },
    (answer) => {
      fill(answer);
      for (const [key] of HISTOGRAMS) panels?.[key].update(answer[key]);
    },
  );
  return {
    element,
    dispose: () => {
      for (const chart of charts) chart.dispose();
    },
  };
}

type Histogram = 'modelCalls' | 'toolCalls' | 'hooks' | 'mcpTools' | 'waits';
const HISTOGRAMS: readonly (readonly [Histogram, string, number])[] = [
  ['modelCalls', 'Model calls', 0],
  ['toolCalls', 'Tool calls (Claude Code)', 2],
  ['hooks', 'Hooks (daemon, since it started)', 1],
  ['mcpTools', 'MCP tools', 4],
  ['waits', 'Waits of model calls (rate limit, slot, retry backoff)', 3],
];
