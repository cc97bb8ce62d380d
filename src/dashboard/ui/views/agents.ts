import type { Delegation, DelegationTree } from '../../api-types.js';
import { code, emptyState, h } from '../dom.js';
import { formatDateTime, formatDuration, shortId } from '../format.js';
import { formatHash } from '../router.js';
import { RowCursor } from '../row-cursor.js';
import type { View, ViewContext } from '../view.js';
import { keepFresh, listView, statusBadge } from './common.js';

/**
 * Each session's delegation tree: the subagents it asked for, how they went, what they used.
 * Followed while open: the selected and the expanded delegations stay so.
 */
export function agentsView(context: ViewContext): View {
  const body = h('div', { class: 'view-body' });
  const element = h('section', { class: 'view', 'aria-label': 'Agents' }, body);
  const cursor = new RowCursor((row) => {
    row.classList.toggle('expanded');
  });

  keepFresh(
    context,
    body,
    (signal) =>
      context.api.agents({ project: context.project, session: context.route.session }, signal),
    (answer) => {
      const expanded = new Set(
        [...body.querySelectorAll<HTMLElement>('li.expanded')].map((item) => item.dataset.key),
      );
      if (answer.sessions.length === 0)
        return emptyState(
          'No delegations yet.',
          'When a Claude Code session hands work to a subagent (the Agent tool) with ',
          code('claude-hybrid hooks install'),
          ' in place, its delegation tree appears here.',
        );
      const trees = answer.sessions.map((tree) => sessionTree(context, tree));
      for (const tree of trees)
        for (const item of tree.querySelectorAll<HTMLElement>('li[data-key]'))
          if (expanded.has(item.dataset.key)) item.classList.add('expanded');
      cursor.setRows(trees.flatMap((tree) => [...tree.querySelectorAll<HTMLElement>('li')]));
      return [
        context.route.session === null
          ? null
          : h(
              'p',
              { class: 'banner' },
              `Session ${shortId(context.route.session)} only. `,
              h(
                'a',
                { href: formatHash({ ...context.route, session: null }) },
                'Show every session',
              ),
            ),
        trees,
      ];
    },
  );

  return listView(element, cursor);
}

function sessionTree(context: ViewContext, tree: DelegationTree): HTMLElement {
  const live = formatHash({
    view: 'live',
    runId: null,
    project: context.project,
    session: tree.session,
  });
  return h(
    'section',
    { class: 'panel', 'data-session': tree.session },
    h(
      'h2',
      null,
      'Session ',
      h('span', { class: 'mono', title: tree.session }, shortId(tree.session)),
      h('span', { class: 'muted' }, ` · started ${formatDateTime(tree.startedTs)} · `),
      h('a', { href: live }, 'events'),
    ),
    tree.delegations.length === 0
      ? h('p', { class: 'muted' }, 'No delegations in this session.')
      : h(
          'ul',
          { class: 'tree' },
          tree.delegations.map((delegation) => delegationItem(tree.session, delegation)),
        ),
  );
}

function delegationItem(session: string, delegation: Delegation): HTMLElement {
  return h(
    'li',
    {
      'data-outcome': delegation.outcome,
      // The tool call's id when known, else when it started: stable across refreshes.
      'data-key': `${session}/${delegation.toolUseId ?? `@${String(delegation.ts)}`}`,
    },
    h(
      'div',
      { class: 'delegation-head' },
      h('strong', null, delegation.agent),
      statusBadge(delegation.outcome),
      h('span', { class: 'muted' }, formatDuration(delegation.durationMs)),
      h('span', { class: 'muted' }, formatDateTime(delegation.ts)),
      delegation.remembered > 0
        ? h('span', { class: 'badge' }, `remembered ${String(delegation.remembered)}`)
        : null,
    ),
    delegation.description === null ? null : h('div', null, delegation.description),
    delegation.tools.length === 0
      ? null
      : h(
          'div',
          { class: 'chips' },
          delegation.tools.map((tool) =>
            h(
              'span',
              { class: tool.failures > 0 ? 'badge status-failed' : 'badge' },
              `${tool.name} ×${String(tool.calls)}`,
              tool.failures > 0 ? ` (${String(tool.failures)} failed)` : '',
            ),
          ),
        ),
  );
}
