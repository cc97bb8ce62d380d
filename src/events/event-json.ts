import type { EventRecord } from '../store/event-records.js';

/**
 * A recorded event as `--json`, the library and the MCP server print it: the stored record
 * with its time as an ISO-8601 string in `at` (the store keeps epoch milliseconds in `ts`).
 */
export interface EventJson {
  /** Append order: ids only grow, and are never reused. */
  readonly id: number;
  /** When the event happened, ISO-8601 UTC. */
  readonly at: string;
  /** `noun.verb`, e.g. `agents.deployed`. */
  readonly type: string;
  /** The payload's schema version. */
  readonly version: number;
  /** Who emitted it: `library`, `cli`, `daemon`, ... */
  readonly source: string;
  readonly session: string | null;
  /** The run's id. */
  readonly run: string | null;
  readonly payload: unknown;
}

/** The JSON view of a stored event (a fresh plain object). */
export function eventJson(record: EventRecord): EventJson {
  return {
    id: record.id,
    at: new Date(record.ts).toISOString(),
    type: record.type,
    version: record.version,
    source: record.source,
    session: record.session,
    run: record.run,
    payload: record.payload,
  };
}
