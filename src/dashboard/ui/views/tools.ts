import type { LatencySummary, ToolCall, ToolsAnswer } from '../../api-types.js';
import type { Chart } from '../charts.js';
import { code, emptyState, h, replace } from '../dom.js';
import { formatClock, formatCount, formatDateTime, formatDuration, shortId } from '../format.js';
import { mergeHistograms } from '../histogram.js';
import { RowCursor } from '../row-cursor.js';
import type { View, ViewContext } from '../view.js';
import { cell, keepFresh, listView, num, panel, table } from './common.js';
import { latencyPanel } from './latency-panel.js';
import type { LatencyPanel } from './latency-panel.js';

/**
 * Tool calls: per-tool counts and percentiles, a latency histogram, the slowest and failed calls.
 * It follows new calls while open, keeping the selected tool and its histogram (updated in place).
 */
export function toolsView(context: ViewContext): View {
  const body = h('div', { class: 'view-body' });
  const element = h('section', { class: 'view', 'aria-label': 'Tools' }, body);
  const charts: Chart[] = [];
  const histogram = h('div');
  let answer: ToolsAnswer | null = null;
  /** The tool whose histogram is shown (null: all tools), and its panel. */
  let shown: { tool: string | null; title: string; panel: LatencyPanel } | null = null;
  const cursor = new RowCursor((row) => {
    showHistogram(row.dataset.tool ?? null);
  });

  function showHistogram(tool: string | null): void {
    if (answer === null) return;
    const chosen = answer.tools.find((candidate) => candidate.name === tool);
    let title: string;
    let summary: LatencySummary;
    if (chosen !== undefined) {
      title = `Latency: ${chosen.name}`;
      summary = chosen.latency;
    } else {
      const merged = mergeHistograms(answer.tools.map((candidate) => candidate.latency));
      if (merged === null) return;
      title =
        merged.merged === answer.tools.length
          ? 'Latency: all tools'
          : `Latency: ${String(merged.merged)} of ${String(answer.tools.length)} tools (same buckets)`;
      summary = {
        count: merged.counts.reduce((total, value) => total + value, 0),
        p50: null,
        p95: null,
        p99: null,
        max: null,
        bounds: merged.bounds,
        counts: merged.counts,
      };
    }
    const name = chosen?.name ?? null;
    if (shown !== null && shown.tool === name && shown.title === title) {
      shown.panel.update(summary);
      return;
    }
    for (const chart of charts.splice(0)) chart.dispose();
    shown = { tool: name, title, panel: latencyPanel(title, summary, charts) };
    replace(histogram, shown.panel.element);
  }

  keepFresh(
    context,
    body,
    (signal) =>
      context.api.tools({ project: context.project, session: context.route.session }, signal),
    (loaded) => {
      answer = loaded;
      if (loaded.tools.length === 0)
        return emptyState(
          'No tool calls recorded yet.',
          'Run ',
          code('claude-hybrid hooks install'),
          ' in this project, then use ',
          code('claude'),
          ': each tool call is timed from PreToolUse to PostToolUse.',
        );
      const rows = loaded.tools.map((tool) =>
        h(
          'tr',
          { 'data-tool': tool.name, 'data-key': tool.name },
          cell(tool.name, 'mono'),
          num(formatCount(tool.calls)),
          num(
            tool.failures === 0 ? '0' : h('span', { class: 'error' }, formatCount(tool.failures)),
          ),
          num(formatDuration(tool.latency.p50)),
          num(formatDuration(tool.latency.p95)),
          num(formatDuration(tool.latency.p99)),
          num(formatDuration(tool.latency.max)),
        ),
      );
      cursor.setRows(rows);
      for (const row of rows)
        row.addEventListener('click', () => {
          showHistogram(row.dataset.tool ?? null);
        });
      showHistogram(shown?.tool ?? null);
      return [
        context.route.session === null
          ? null
          : h('p', { class: 'banner' }, `Session ${shortId(context.route.session)} only.`),
        h(
          'div',
          { class: 'grid-2' },
          panel(
            'Tools',
            table(
              [
                { label: 'tool' },
                { label: 'calls', numeric: true },
                { label: 'failures', numeric: true },
                { label: 'p50', numeric: true },
                { label: 'p95', numeric: true },
                { label: 'p99', numeric: true },
                { label: 'max', numeric: true },
              ],
              rows,
            ),
            h(
              'p',
              { class: 'muted' },
              'Select a tool (click, or j / k and Enter) for its histogram.',
            ),
          ),
          panel(null, histogram),
        ),
        h(
          'div',
          { class: 'grid-2' },
          panel('Slowest calls', callsTable(loaded.slowest, 'No calls yet.')),
          panel('Recent failures', callsTable(loaded.failures, 'No failed calls.')),
        ),
      ];
    },
  );

  return listView(element, cursor, {
    dispose: () => {
      for (const chart of charts) chart.dispose();
    },
  });
}

function callsTable(calls: readonly ToolCall[], empty: string): HTMLElement {
  if (calls.length === 0) return h('p', { class: 'muted' }, empty);
  return table(
    [
      { label: 'tool' },
      { label: 'duration', numeric: true },
      { label: 'when' },
      { label: 'session' },
      { label: 'command or file' },
    ],
    calls.map((call) =>
      h(
        'tr',
        null,
        cell([
          call.toolName,
          call.failed ? h('span', { class: 'badge status-failed' }, 'failed') : null,
        ]),
        num(formatDuration(call.durationMs)),
        cell(h('span', { title: formatDateTime(call.ts) }, formatClock(call.ts))),
        cell(shortId(call.session), 'id'),
        cell(call.detail, 'mono'),
      ),
    ),
  );
}
