import type {
  AgentsAnswer,
  CostAnswer,
  EventsAnswer,
  MemoryAnswer,
  PerformanceAnswer,
  ProjectsAnswer,
  RunDetailAnswer,
  RunsAnswer,
  SessionsAnswer,
  ToolsAnswer,
} from '../api-types.js';

/** Query parameters: null, undefined and '' are left out. */
export type Query = Readonly<Record<string, string | number | null | undefined>>;

/** A route's URL with its query, every value URL-encoded. Pure: tested in api.test.ts. */
export function apiUrl(path: string, query: Query = {}): string {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== null && value !== undefined && value !== '') parameters.set(name, String(value));
  const text = parameters.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** A non-2xx answer; `status` 401 means the cookie is missing or stale. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    detail: string,
  ) {
    super(`${String(status)} from ${url}${detail === '' ? '' : `: ${detail}`}`);
    this.name = 'ApiError';
  }
}

let onUnauthorized: () => void = () => undefined;

/** What the page does on any 401 (shows how to get a new link). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export function reportUnauthorized(): void {
  onUnauthorized();
}

async function getJson<T>(path: string, query: Query, signal?: AbortSignal): Promise<T> {
  const url = apiUrl(path, query);
  const response = await fetch(url, {
    headers: { accept: 'application/json' },
    ...(signal === undefined ? {} : { signal }),
  });
  if (response.status === 401) onUnauthorized();
  if (!response.ok) {
    const detail = await response.text().catch(() => '');
    throw new ApiError(response.status, url, detail.slice(0, 300));
  }
  // The contract (api-types.ts) is the daemon's promise about this JSON's shape.
  return (await response.json()) as T;
}

/** The daemon's dashboard routes, typed by api-types.ts. */
export const api = {
  projects: (signal?: AbortSignal) => getJson<ProjectsAnswer>('/api/projects', {}, signal),
  events: (query: Query, signal?: AbortSignal) =>
    getJson<EventsAnswer>('/api/events', query, signal),
  tools: (query: Query, signal?: AbortSignal) => getJson<ToolsAnswer>('/api/tools', query, signal),
  agents: (query: Query, signal?: AbortSignal) =>
    getJson<AgentsAnswer>('/api/agents', query, signal),
  runs: (query: Query, signal?: AbortSignal) => getJson<RunsAnswer>('/api/runs', query, signal),
  run: (runId: string, query: Query, signal?: AbortSignal) =>
    getJson<RunDetailAnswer>(`/api/runs/${encodeURIComponent(runId)}`, query, signal),
  cost: (query: Query, signal?: AbortSignal) => getJson<CostAnswer>('/api/cost', query, signal),
  performance: (query: Query, signal?: AbortSignal) =>
    getJson<PerformanceAnswer>('/api/performance', query, signal),
  memory: (query: Query, signal?: AbortSignal) =>
    getJson<MemoryAnswer>('/api/memory', query, signal),
  sessions: (query: Query, signal?: AbortSignal) =>
    getJson<SessionsAnswer>('/api/sessions', query, signal),
};

export type Api = typeof api;
