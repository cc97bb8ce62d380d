/**
 * The page's address lives in the hash: `#/<view>[/<runId>][?project=&session=]`. Parsing never
 * throws: an unknown view is the default one. Pure: tested in router.test.ts.
 */

export const VIEWS = [
  { name: 'live', label: 'Live' },
  { name: 'tools', label: 'Tools' },
  { name: 'agents', label: 'Agents' },
  { name: 'runs', label: 'Runs' },
  { name: 'cost', label: 'Cost' },
  { name: 'performance', label: 'Performance' },
  { name: 'memory', label: 'Memory' },
  { name: 'sessions', label: 'Sessions' },
] as const;

export type ViewName = (typeof VIEWS)[number]['name'];

export const DEFAULT_VIEW: ViewName = 'live';

export interface Route {
  readonly view: ViewName;
  /** `#/runs/<runId>`: the run whose DAG is shown. */
  readonly runId: string | null;
  readonly project: string | null;
  /** Narrows the Agents (and Tools) view to one session. */
  readonly session: string | null;
}

const VIEW_NAMES: ReadonlySet<string> = new Set(VIEWS.map((view) => view.name));

function isViewName(name: string): name is ViewName {
  return VIEW_NAMES.has(name);
}

export function parseHash(hash: string): Route {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const queryAt = body.indexOf('?');
  const path = queryAt === -1 ? body : body.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? '' : body.slice(queryAt + 1));
  const segments = path.split('/').filter((segment) => segment !== '');
  const first = segments[0] ?? '';
  const view = isViewName(first) ? first : DEFAULT_VIEW;
  const second = segments[1];
  return {
    view,
    runId: view === 'runs' && second !== undefined ? safeDecode(second) : null,
    project: nonEmpty(query.get('project')),
    session: nonEmpty(query.get('session')),
  };
}

export function formatHash(route: Route): string {
  let path = `#/${route.view}`;
  if (route.view === 'runs' && route.runId !== null) path += `/${encodeURIComponent(route.runId)}`;
  const query = new URLSearchParams();
  if (route.project !== null) query.set('project', route.project);
  if (route.session !== null) query.set('session', route.session);
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** The view a number key (1–8) selects, or null. */
export function viewForKey(key: string): ViewName | null {
  if (!/^[1-9]$/.test(key)) return null;
  return VIEWS[Number(key) - 1]?.name ?? null;
}

function nonEmpty(value: string | null): string | null {
  return value === null || value === '' ? null : value;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
