import { emptyState, h, replace } from '../dom.js';
import type { Children } from '../dom.js';
import { RefreshThrottle } from '../refresh-throttle.js';
import type { RowCursor } from '../row-cursor.js';
import type { View, ViewContext } from '../view.js';

/** A view's body while its data loads. */
export function loading(): HTMLElement {
  return h('p', { class: 'muted', 'aria-busy': 'true' }, 'Loading…');
}

/**
 * Fetches a view's data into `target`: a loading line first, then what `render` returns, or the
 * error. Nothing happens once the view has closed (the fetch is aborted with it).
 */
export async function loadInto<T>(
  context: ViewContext,
  target: HTMLElement,
  fetcher: (signal: AbortSignal) => Promise<T>,
  render: (answer: T) => Children,
  options: {
    /** Keep what `target` shows until the answer is in. @default false */
    readonly quiet?: boolean;
    /** Aborts this load only (a newer search replaces it). @default the view's signal */
    readonly signal?: AbortSignal;
  } = {},
): Promise<T | null> {
  const signal = options.signal ?? context.signal;
  if (options.quiet !== true) replace(target, loading());
  try {
    const answer = await fetcher(signal);
    if (signal.aborted || context.signal.aborted) return null;
    replace(target, render(answer));
    return answer;
  } catch (error) {
    if (!signal.aborted && !context.signal.aborted)
      replace(target, emptyState('Could not load this view.', String(error)));
    return null;
  }
}

/**
 * Loads a view's data into `target` (as loadInto), then keeps it fresh while the view is open:
 * each time the page's stream reports new events, the data is fetched again, at most once a
 * second and one request at a time (RefreshThrottle). An answer equal to the one shown changes
 * nothing; another goes to `update` when given (which changes the view in place: charts keep
 * their canvas), else is rendered and swapped in within the same task, so the page never shows a
 * gap or a loading line and keeps its scroll position. A failed refresh keeps what is shown.
 */
export function keepFresh<T>(
  context: ViewContext,
  target: HTMLElement,
  fetcher: (signal: AbortSignal) => Promise<T>,
  render: (answer: T) => Children,
  update?: (answer: T) => void,
): void {
  let shown: string | null = null;
  const throttle = new RefreshThrottle({
    run: async () => {
      if (shown === null) {
        const answer = await loadInto(context, target, fetcher, render);
        if (answer !== null) shown = JSON.stringify(answer);
        return;
      }
      const answer = await fetcher(context.signal);
      if (context.signal.aborted) return;
      const text = JSON.stringify(answer);
      if (text === shown) return;
      shown = text;
      if (update === undefined) replace(target, render(answer));
      else update(answer);
    },
  });
  const unsubscribe = context.changes.subscribe(() => {
    throttle.request();
  });
  context.signal.addEventListener('abort', () => {
    unsubscribe();
    throttle.close();
  });
  throttle.request();
}

export interface Column {
  readonly label: string;
  /** Right-aligned, tabular figures. */
  readonly numeric?: boolean;
}

export function table(
  columns: readonly Column[],
  rows: readonly HTMLTableRowElement[],
): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      null,
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          columns.map((column) =>
            h('th', { scope: 'col', class: column.numeric === true ? 'num' : null }, column.label),
          ),
        ),
      ),
      h('tbody', null, rows),
    ),
  );
}

/** A table cell; `numeric` right-aligns it. */
export function cell(content: Children, className?: string): HTMLTableCellElement {
  return h('td', className === undefined ? null : { class: className }, content);
}

export function num(content: Children): HTMLTableCellElement {
  return h('td', { class: 'num' }, content);
}

export function statusBadge(status: string): HTMLElement {
  return h('span', { class: `badge status-${status.replace(/[^a-z_]/gi, '')}` }, status);
}

export function stat(
  label: string,
  value: Children,
  attributes: Record<string, string> = {},
): HTMLElement {
  return h(
    'div',
    { class: 'stat' },
    h('div', { class: 'stat-label' }, label),
    h('div', { class: 'stat-value', ...attributes }, value),
  );
}

export function panel(title: string | null, ...children: readonly Children[]): HTMLElement {
  return h('section', { class: 'panel' }, title === null ? null : h('h2', null, title), children);
}

/** A view whose list the keyboard moves through (j/k) and opens (Enter) with `cursor`. */
export function listView(
  element: HTMLElement,
  cursor: RowCursor,
  more: Omit<View, 'element' | 'move' | 'activate'> = {},
): View {
  return {
    element,
    move: (delta) => {
      cursor.move(delta);
    },
    activate: () => {
      cursor.activate();
    },
    ...more,
  };
}
