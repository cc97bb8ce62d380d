import type { EventRow } from '../../api-types.js';
import { h } from '../dom.js';
import { formatClock, shortId } from '../format.js';

/** One row of the Live list; fillEventRow() sets its cells. Rows are reused as the list scrolls. */
export function eventRowElement(): HTMLElement {
  return h(
    'div',
    { class: 'event-row', role: 'option' },
    h('span', { class: 'cell-time' }),
    h('span', { class: 'cell-type' }),
    h('span', { class: 'cell-agent' }),
    h('span', { class: 'cell-session' }),
    h('span', { class: 'cell-text' }),
  );
}

/** The list's header row, the same grid as the rows. */
export function eventHeaderRow(): HTMLElement {
  return h(
    'div',
    { class: 'event-row event-head', 'aria-hidden': 'true' },
    h('span', null, 'time'),
    h('span', null, 'type'),
    h('span', null, 'agent'),
    h('span', null, 'session'),
    h('span', null, 'text'),
  );
}

/** Shows `row` (display index `index`) in a row element, as text only. */
export function fillEventRow(
  node: HTMLElement,
  row: EventRow,
  index: number,
  selected: boolean,
): void {
  node.dataset.index = String(index);
  node.dataset.id = String(row.id);
  if (selected) node.setAttribute('aria-selected', 'true');
  else node.removeAttribute('aria-selected');
  const [time, type, agent, session, text] = node.children;
  setText(time, formatClock(row.ts));
  setText(type, row.type);
  setText(agent, row.agent ?? '');
  setText(session, shortId(row.session));
  setText(text, row.text);
  node.title = row.text;
}

/** Writes only a changed text: most cells stay the same while a list scrolls by a row or two. */
function setText(node: Element | undefined, text: string): void {
  if (node !== undefined && node.textContent !== text) node.textContent = text;
}
