import type { Query } from '../api.js';

/** The Live view's filters as typed in its boxes. */
export interface LiveFilters {
  readonly session: string;
  /** An event type, or a prefix when it ends with `.` or `*` (`hook.` or `hook.*`). */
  readonly type: string;
  readonly agent: string;
}

/** The filters as the query of /api/events and /api/live. Pure: tested in live-filters.test.ts. */
export function filterQuery(filters: LiveFilters): Query {
  const type = filters.type.trim();
  const prefix = type.endsWith('*') ? type.slice(0, -1) : type.endsWith('.') ? type : null;
  return {
    session: filters.session.trim(),
    agent: filters.agent.trim(),
    ...(prefix === null ? { type } : { typePrefix: prefix }),
  };
}
