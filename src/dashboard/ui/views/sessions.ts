import type { SessionSummary } from '../../api-types.js';
import { CONTEXT_MARKS, contextLevel } from '../context-meter.js';
import { code, emptyState, h } from '../dom.js';
import { formatAgo, formatCount, formatPercent, formatUsd, shortId } from '../format.js';
import { formatHash } from '../router.js';
import { RowCursor } from '../row-cursor.js';
import type { View, ViewContext } from '../view.js';
import { cell, keepFresh, listView, num, panel, table } from './common.js';

/**
 * Claude Code sessions: context use, tokens, cost and activity, most recently active first,
 * followed while the view is open (the selected row stays selected).
 */
export function sessionsView(context: ViewContext): View {
  const body = h('div', { class: 'view-body' });
  const element = h('section', { class: 'view', 'aria-label': 'Sessions' }, body);
  const cursor = new RowCursor((row) => {
    row.querySelector('a')?.click();
  });
  keepFresh(
    context,
    body,
    (signal) => context.api.sessions({ project: context.project }, signal),
    (answer) => {
      if (answer.sessions.length === 0)
        return emptyState(
          'No Claude Code sessions yet.',
          'Run ',
          code('claude-hybrid hooks install'),
          ' in this project and start ',
          code('claude'),
          '.',
        );
      const now = Date.now();
      const rows = answer.sessions.map((session) => sessionRow(context, session, now));
      cursor.setRows(rows);
      return panel(
        'Sessions',
        table(
          [
            { label: 'session' },
            { label: 'model' },
            { label: 'last active' },
            { label: 'context' },
            { label: 'input', numeric: true },
            { label: 'output', numeric: true },
            { label: 'cache r / w', numeric: true },
            { label: 'cost', numeric: true },
            { label: 'prompts', numeric: true },
            { label: 'tool calls', numeric: true },
            { label: 'delegations', numeric: true },
          ],
          rows,
        ),
      );
    },
  );
  return listView(element, cursor);
}

function sessionRow(
  context: ViewContext,
  session: SessionSummary,
  now: number,
): HTMLTableRowElement {
  const agents = formatHash({
    view: 'agents',
    runId: null,
    project: context.project,
    session: session.session,
  });
  return h(
    'tr',
    { 'data-session': session.session, 'data-key': session.session },
    cell([
      h(
        'a',
        { href: agents, title: `${session.session}: delegation tree` },
        shortId(session.session),
      ),
      session.ended ? h('span', { class: 'badge' }, 'ended') : null,
    ]),
    cell(session.model ?? '—', 'mono'),
    cell(formatAgo(session.lastTs, now)),
    cell(meter(session)),
    num(formatCount(session.inputTokens)),
    num(formatCount(session.outputTokens)),
    num(`${formatCount(session.cacheReadTokens)} / ${formatCount(session.cacheWriteTokens)}`),
    num(formatUsd(session.costUsd)),
    num(formatCount(session.prompts)),
    num(formatCount(session.toolCalls)),
    num(formatCount(session.delegations)),
  );
}

function meter(session: SessionSummary): HTMLElement {
  const share = session.contextShare;
  const label =
    share === null
      ? 'context unknown'
      : `${formatPercent(share)} of ${formatCount(session.contextWindow ?? 0)} tokens`;
  return h(
    'div',
    { class: 'meter-cell', title: label },
    h(
      'div',
      {
        class: 'meter',
        role: 'meter',
        'aria-label': 'Context window used',
        'aria-valuemin': 0,
        'aria-valuemax': 100,
        'aria-valuenow': share === null ? null : Math.round(share * 100),
        'data-level': contextLevel(share),
      },
      h('div', { class: 'meter-fill', style: `width:${String(Math.min(1, share ?? 0) * 100)}%` }),
      CONTEXT_MARKS.map((mark) =>
        h('div', { class: 'meter-mark', style: `left:${String(mark * 100)}%` }),
      ),
    ),
    h('span', { class: 'muted meter-text' }, share === null ? '—' : formatPercent(share)),
  );
}
