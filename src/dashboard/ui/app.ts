import type { ProjectSummary } from '../api-types.js';
import { api, setUnauthorizedHandler } from './api.js';
import { code, emptyState, h, replace } from './dom.js';
import { formatAgo } from './format.js';
import { helpOverlay } from './help-overlay.js';
import { handleKey } from './keyboard.js';
import { DEFAULT_VIEW, formatHash, parseHash } from './router.js';
import type { Route } from './router.js';
import { ChangeFeed } from './change-feed.js';
import { applyStoredTheme, safeGet, safeSet, toggleTheme } from './theme.js';
import type { ConnectionState, View } from './view.js';
import { VIEW_FACTORIES } from './views/index.js';

const PROJECT_KEY = 'claude-hybrid.project';

/**
 * Wires the page: the header (project picker, connection, theme, help), the hash router and the
 * keyboard. index.html already holds the header and a loading skeleton, so the first paint does
 * not wait for this script.
 */
export function startApp(): void {
  applyStoredTheme();
  const main = byId('main');
  const picker = byId('project') as HTMLSelectElement; // index.html: <select id="project">
  const connection = byId('connection');
  const help = helpOverlay();
  let projects: readonly ProjectSummary[] = [];
  let current: { view: View; controller: AbortController; key: string } | null = null;
  let unauthorised = false;
  /** The page's shared stream of the shown project's events (views other than Live). */
  let feed: { project: string; changes: ChangeFeed } | null = null;

  setUnauthorizedHandler(() => {
    if (unauthorised) return;
    unauthorised = true;
    current?.controller.abort();
    current = null;
    feed?.changes.close();
    document.body.replaceChildren(
      h(
        'div',
        { class: 'full-page', role: 'alert' },
        h('h1', null, 'This dashboard link has expired'),
        h('p', null, 'Run ', code('claude-hybrid dashboard'), ' for a new link.'),
      ),
    );
  });

  const setConnection = (state: ConnectionState): void => {
    connection.dataset.state = state;
    const text = connection.querySelector('.connection-text');
    if (text !== null) text.textContent = state;
  };

  /** The project a route names, else the remembered one, else the most recently active. */
  const projectFor = (route: Route): string | null => {
    const known = new Set(projects.map((project) => project.root));
    for (const candidate of [route.project, safeGet(PROJECT_KEY)])
      if (candidate !== null && known.has(candidate)) return candidate;
    return projects[0]?.root ?? null;
  };

  const show = (): void => {
    if (unauthorised) return;
    const route = parseHash(location.hash);
    const project = projectFor(route);
    if (project === null) return;
    if (route.project !== project) {
      // Keep the project in the address, so a reload or a shared link opens the same one.
      history.replaceState(null, '', formatHash({ ...route, project }));
    }
    safeSet(PROJECT_KEY, project);
    picker.value = project;
    for (const link of document.querySelectorAll<HTMLAnchorElement>('#nav a')) {
      const { view } = parseHash(`#/${link.dataset.view ?? DEFAULT_VIEW}`);
      link.href = formatHash({ view, runId: null, project, session: null });
      if (view === route.view) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    const key = formatHash({ ...route, project });
    if (current?.key === key) return;
    current?.controller.abort();
    current?.view.dispose?.();
    setConnection('idle');
    if (feed?.project !== project) {
      feed?.changes.close();
      feed = { project, changes: new ChangeFeed(project, setConnection) };
    }
    const controller = new AbortController();
    const view = VIEW_FACTORIES[route.view]({
      project,
      route: { ...route, project },
      api,
      signal: controller.signal,
      changes: feed.changes,
      setConnection,
    });
    current = { view, controller, key };
    replace(main, view.element);
  };

  picker.addEventListener('change', () => {
    const route = parseHash(location.hash);
    location.hash = formatHash({ ...route, runId: null, session: null, project: picker.value });
  });
  byId('theme-toggle').addEventListener('click', () => {
    retheme();
  });
  byId('help-toggle').addEventListener('click', () => {
    help.toggle();
  });
  window.addEventListener('hashchange', show);
  document.addEventListener('keydown', (event) => {
    handleKey(event, {
      view: () => current?.view ?? null,
      navigate: (view) => {
        const route = parseHash(location.hash);
        location.hash = formatHash({ ...route, view, runId: null, session: null });
      },
      toggleTheme: retheme,
      toggleHelp: () => {
        help.toggle();
      },
    });
  });

  /**
   * Charts read their colours once, so a theme change draws a view with charts again; Live has
   * none and keeps its stream and scroll position.
   */
  function retheme(): void {
    toggleTheme();
    if (current !== null && parseHash(location.hash).view !== 'live') current.key = '';
    show();
  }

  void (async () => {
    try {
      const answer = await api.projects();
      byId('version').textContent = `claude-hybrid ${answer.version}`;
      projects = answer.projects;
      fillPicker(picker, projects);
      if (projects.length === 0) {
        replace(
          main,
          emptyState(
            'No events yet.',
            'Run ',
            code('claude-hybrid hooks install'),
            ' in a project and start ',
            code('claude'),
            ', or run an agent with ',
            code('claude-hybrid run'),
            '. Then reload this page.',
          ),
        );
        return;
      }
      show();
    } catch (error) {
      if (!unauthorised) replace(main, emptyState('Could not reach the daemon.', String(error)));
    }
  })();
}

function fillPicker(picker: HTMLSelectElement, projects: readonly ProjectSummary[]): void {
  const now = Date.now();
  picker.replaceChildren(
    ...projects.map((project) =>
      h(
        'option',
        { value: project.root, title: project.root },
        project.lastTs === null
          ? project.name
          : `${project.name} · ${formatAgo(project.lastTs, now)}`,
      ),
    ),
  );
  picker.disabled = projects.length === 0;
}

function byId(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`index.html has no #${id}`);
  return element;
}
