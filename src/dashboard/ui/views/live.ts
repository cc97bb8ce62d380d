import type { EventRow } from '../../api-types.js';
import { apiUrl } from '../api.js';
import { emptyState, h, code, replace } from '../dom.js';
import { formatCount, formatPayload } from '../format.js';
import { nearEnd, scrollToReveal, visibleWindow } from '../virtual-window.js';
import type { View, ViewContext } from '../view.js';
import { eventHeaderRow, eventRowElement, fillEventRow } from './event-rows.js';
import { EventStore } from './event-store.js';
import { LiveStream } from './live-stream.js';
import { filterQuery } from './live-filters.js';
import type { LiveFilters } from './live-filters.js';

/** px; the same as `--row-height` in app.css. Fixed, so the window math needs no measuring. */
export const ROW_HEIGHT = 28;
/** Rows rendered beyond each edge of the viewport, so a fast scroll shows no blank. */
const OVERSCAN = 12;
const PAGE_SIZE = 500;
/** Load the next older page when the viewport is this many rows from the end. */
const LOAD_AHEAD_ROWS = 200;
/** Rows held in memory: 50k rows with their payloads stay within a few tens of MB. */
const MAX_ROWS = 50_000;
const FILTER_DEBOUNCE_MS = 300;

/**
 * Live events: the newest page from /api/events, then each new event from the /api/live stream.
 * The list is virtualised: only the rows in view are in the DOM, inside a spacer as tall as the
 * whole list, so 200,000 events scroll like 20.
 */
export function liveView(context: ViewContext): View {
  const store = new EventStore(MAX_ROWS);
  const filters: { -readonly [K in keyof LiveFilters]: string } = {
    session: context.route.session ?? '',
    type: '',
    agent: '',
  };
  let paused = false;
  let buffered: EventRow[] = [];
  let pending: EventRow[] = [];
  let missedWhileTrimmed = 0;
  let selected = -1;
  let expanded = false;
  let loadingOlder = false;
  const stream = new LiveStream({
    url: () =>
      apiUrl('/api/live', {
        project: context.project,
        ...filterQuery(filters),
        afterId: store.newestId,
      }),
    onState: context.setConnection,
    onRow: (row) => {
      if (paused) buffered.push(row);
      else if (store.newerTrimmed) missedWhileTrimmed += 1;
      else pending.push(row);
      updateBadges();
      scheduleRender();
    },
  });
  let filterTimer: ReturnType<typeof setTimeout> | undefined;
  let frame = 0;
  let generation = 0;
  /** Aborted by a reload and when the view closes (the abort listener below). */
  let loadController = new AbortController();

  const input = (name: keyof LiveFilters, placeholder: string, label: string) => {
    const box = h('input', {
      type: 'search',
      name,
      placeholder,
      'aria-label': label,
      value: filters[name],
      autocomplete: 'off',
      spellcheck: 'false',
    });
    box.addEventListener('input', () => {
      filters[name] = box.value;
      clearTimeout(filterTimer);
      filterTimer = setTimeout(() => void reload(), FILTER_DEBOUNCE_MS);
    });
    return box;
  };
  const sessionBox = input('session', 'session id', 'Filter by session');
  const typeBox = input('type', 'type, or prefix: hook.*', 'Filter by event type or prefix');
  const agentBox = input('agent', 'agent', 'Filter by agent');
  const pauseButton = h('button', { type: 'button', class: 'button', 'aria-pressed': 'false' });
  const newBadge = h('span', { class: 'badge badge-new', hidden: true, 'aria-live': 'polite' });
  const status = h('span', { class: 'muted live-status' });
  const banner = h('div', { class: 'banner', hidden: true });
  const rowsBox = h('div', { class: 'event-rows' });
  const spacer = h('div', { class: 'event-spacer' }, rowsBox);
  const listEmpty = h('div', { class: 'event-empty', hidden: true });
  const list = h(
    'div',
    { class: 'event-list', role: 'listbox', tabindex: 0, 'aria-label': 'Events, newest first' },
    spacer,
  );
  const detail = h('pre', { class: 'event-detail', hidden: true, 'data-testid': 'event-payload' });
  const header = eventHeaderRow();
  const element = h(
    'section',
    { class: 'view view-live', 'aria-label': 'Live events' },
    h(
      'div',
      { class: 'toolbar' },
      sessionBox,
      typeBox,
      agentBox,
      pauseButton,
      newBadge,
      h('span', { class: 'spacer' }),
      status,
    ),
    banner,
    h('div', { class: 'event-frame' }, header, list, listEmpty),
    detail,
  );

  pauseButton.addEventListener('click', () => {
    togglePause();
  });
  list.addEventListener('scroll', () => {
    scheduleRender();
  });
  rowsBox.addEventListener('click', (event) => {
    const row =
      event.target instanceof Element ? event.target.closest<HTMLElement>('.event-row') : null;
    const index = Number(row?.dataset.index ?? NaN);
    if (!Number.isInteger(index)) return;
    if (index === selected) expanded = !expanded;
    else {
      selected = index;
      expanded = true;
    }
    render();
    list.focus({ preventScroll: true });
  });
  const resizeObserver = new ResizeObserver(() => {
    scheduleRender();
  });
  resizeObserver.observe(list);

  function scheduleRender(): void {
    if (frame !== 0) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      flushPending();
      render();
    });
  }

  /** Draws the rows in view, reusing the row elements already in the DOM. */
  function render(): void {
    const window = visibleWindow({
      scrollTop: list.scrollTop,
      viewportHeight: list.clientHeight,
      rowHeight: ROW_HEIGHT,
      rowCount: store.length,
      overscan: OVERSCAN,
    });
    spacer.style.height = `${String(window.totalHeight)}px`;
    rowsBox.style.transform = `translateY(${String(window.offset)}px)`;
    const count = window.end - window.start;
    while (rowsBox.childElementCount > count) rowsBox.lastElementChild?.remove();
    while (rowsBox.childElementCount < count) rowsBox.appendChild(eventRowElement());
    for (let offset = 0; offset < count; offset += 1) {
      const index = window.start + offset;
      const row = store.at(index);
      const rowNode = rowsBox.children[offset] as HTMLElement; // exists: sized above
      if (row !== undefined) fillEventRow(rowNode, row, index, index === selected);
    }
    const selectedRow = store.at(selected);
    detail.hidden = !expanded || selectedRow === undefined;
    if (!detail.hidden && selectedRow !== undefined)
      detail.textContent = `#${String(selectedRow.id)} ${selectedRow.type}\n${formatPayload(selectedRow.payload)}`;
    status.textContent = `${formatCount(store.length)} events${store.nextBeforeId === null ? '' : ' · scroll for older'}`;
    if (
      !loadingOlder &&
      store.nextBeforeId !== null &&
      nearEnd(
        {
          scrollTop: list.scrollTop,
          viewportHeight: list.clientHeight,
          rowHeight: ROW_HEIGHT,
          rowCount: store.length,
          overscan: 0,
        },
        LOAD_AHEAD_ROWS,
      )
    )
      void loadOlder();
  }

  async function reload(): Promise<void> {
    generation += 1;
    const mine = generation;
    loadController.abort();
    loadController = new AbortController();
    stream.close();
    buffered = [];
    pending = [];
    missedWhileTrimmed = 0;
    selected = -1;
    expanded = false;
    updateBadges();
    context.setConnection('connecting');
    status.textContent = 'Loading…';
    try {
      const page = await context.api.events(
        { project: context.project, ...filterQuery(filters), limit: PAGE_SIZE },
        loadController.signal,
      );
      if (mine !== generation) return;
      store.reset(page.events, page.nextBeforeId);
      list.scrollTop = 0;
      showEmptyState();
      render();
      stream.open();
    } catch (error) {
      if (mine !== generation || context.signal.aborted) return;
      context.setConnection('offline');
      status.textContent = `Could not load events: ${String(error)}`;
    }
  }

  async function loadOlder(): Promise<void> {
    const beforeId = store.nextBeforeId;
    if (beforeId === null) return;
    loadingOlder = true;
    const mine = generation;
    try {
      const page = await context.api.events(
        { project: context.project, ...filterQuery(filters), beforeId, limit: PAGE_SIZE },
        loadController.signal,
      );
      if (mine !== generation) return;
      const dropped = store.appendOlder(page.events, page.nextBeforeId);
      if (dropped > 0) {
        // The newest rows left: every display index moved up by `dropped`.
        list.scrollTop = Math.max(0, list.scrollTop - dropped * ROW_HEIGHT);
        selected = selected - dropped;
        updateBadges();
      }
    } catch (error) {
      if (mine === generation && !context.signal.aborted)
        status.textContent = `Could not load older events: ${String(error)}`;
    } finally {
      if (mine === generation) loadingOlder = false;
    }
    if (mine === generation) render();
  }

  /** Adds the live rows that arrived since the last frame, keeping a scrolled list in place. */
  function flushPending(): void {
    if (pending.length === 0) return;
    const added = store.appendLive(pending);
    pending = [];
    if (added === 0) return;
    if (selected >= 0) selected += added;
    if (list.scrollTop > 0) list.scrollTop += added * ROW_HEIGHT;
    showEmptyState();
  }

  function togglePause(): void {
    paused = !paused;
    if (!paused && buffered.length > 0) {
      pending.push(...buffered);
      buffered = [];
      scheduleRender();
    }
    updateBadges();
  }

  function updateBadges(): void {
    pauseButton.textContent = paused ? 'Resume' : 'Pause';
    pauseButton.setAttribute('aria-pressed', String(paused));
    newBadge.hidden = buffered.length === 0;
    newBadge.textContent = `${formatCount(buffered.length)} new`;
    banner.hidden = !store.newerTrimmed;
    if (store.newerTrimmed)
      replace(
        banner,
        `Showing older events only (at most ${formatCount(MAX_ROWS)} are kept)`,
        missedWhileTrimmed > 0 ? `; ${formatCount(missedWhileTrimmed)} newer arrived. ` : '. ',
        h(
          'button',
          { type: 'button', class: 'link', onclick: () => void reload() },
          'Jump to newest',
        ),
      );
  }

  function showEmptyState(): void {
    const empty = store.length === 0;
    listEmpty.hidden = !empty;
    if (!empty) return;
    const filtered = Object.values(filters).some((value) => value.trim() !== '');
    replace(
      listEmpty,
      filtered
        ? emptyState('No events match these filters.', 'New ones will appear here as they arrive.')
        : emptyState(
            'No events yet.',
            'Run ',
            code('claude-hybrid hooks install'),
            ' in this project and start ',
            code('claude'),
            ', or run an agent with ',
            code('claude-hybrid run'),
            '. Events appear here live.',
          ),
    );
  }

  function move(delta: number): void {
    if (store.length === 0) return;
    selected = Math.min(store.length - 1, Math.max(0, selected + delta));
    const top = scrollToReveal(selected, list.scrollTop, list.clientHeight, ROW_HEIGHT);
    if (top !== null) list.scrollTop = top;
    render();
  }

  context.signal.addEventListener('abort', () => {
    stream.close();
    clearTimeout(filterTimer);
    loadController.abort();
    cancelAnimationFrame(frame);
    resizeObserver.disconnect();
  });
  updateBadges();
  void reload();

  return {
    element,
    move,
    activate() {
      if (store.at(selected) === undefined) return;
      expanded = !expanded;
      render();
    },
    togglePause,
    focusSearch() {
      sessionBox.focus();
      return true;
    },
  };
}
