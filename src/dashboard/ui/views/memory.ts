import type { MemoryAnswer } from '../../api-types.js';
import { code, emptyState, h, replace } from '../dom.js';
import { RowCursor } from '../row-cursor.js';
import type { View, ViewContext } from '../view.js';
import { listView, loadInto } from './common.js';

const SEARCH_DEBOUNCE_MS = 250;

/** Agent memory: the newest entries, or a search (`q`), optionally for one agent. */
export function memoryView(context: ViewContext): View {
  const search = h('input', {
    type: 'search',
    placeholder: 'Search memory…',
    'aria-label': 'Search memory',
    autocomplete: 'off',
  });
  const agent = h('select', { 'aria-label': 'Agent' }, h('option', { value: '' }, 'all agents'));
  const body = h('div', { class: 'view-body' });
  const element = h(
    'section',
    { class: 'view', 'aria-label': 'Memory' },
    h('div', { class: 'toolbar' }, search, agent),
    body,
  );
  const cursor = new RowCursor((row) => {
    row.classList.toggle('expanded');
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let request = new AbortController();

  /** The newest entries or a search; a newer request aborts the one in flight. */
  const load = (): void => {
    request.abort();
    request = new AbortController();
    const query = { project: context.project, q: search.value.trim(), agent: agent.value };
    void loadInto(
      context,
      body,
      (signal) => context.api.memory({ ...query, limit: 100 }, signal),
      (answer) => render(answer),
      { quiet: body.childElementCount > 0, signal: request.signal },
    );
  };

  const render = (answer: MemoryAnswer): HTMLElement => {
    const chosen = agent.value;
    replace(
      agent,
      h('option', { value: '' }, 'all agents'),
      answer.agents.map((name) => h('option', { value: name, selected: name === chosen }, name)),
    );
    if (answer.entries.length === 0)
      return search.value.trim() === '' && chosen === ''
        ? emptyState(
            'No memory yet.',
            'Agents remember what they learn in runs and delegations: run ',
            code('claude-hybrid run "<task>"'),
            ' or add an entry with ',
            code('claude-hybrid memory add'),
            '.',
          )
        : emptyState('Nothing matches.', 'Try other words or all agents.');
    const items = answer.entries.map((entry) =>
      h(
        'li',
        null,
        h(
          'div',
          { class: 'delegation-head' },
          h('strong', null, entry.agent),
          h('span', { class: 'badge' }, entry.section),
          entry.score === null
            ? null
            : h('span', { class: 'muted' }, `score ${entry.score.toFixed(2)}`),
        ),
        h('div', { class: 'memory-text' }, entry.text),
      ),
    );
    cursor.setRows(items);
    return h('ul', { class: 'memory-list' }, items);
  };

  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(load, SEARCH_DEBOUNCE_MS);
  });
  agent.addEventListener('change', load);
  context.signal.addEventListener('abort', () => {
    clearTimeout(timer);
    request.abort();
  });
  load();
  return listView(element, cursor, {
    focusSearch: () => {
      search.focus();
      return true;
    },
  });
}
