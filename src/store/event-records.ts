/** One row of the append-only `events` table, as read back. */
export interface EventRecord {
  /** Append order: ids only grow, and are never reused. */
  readonly id: number;
  /** When the event happened, epoch milliseconds (from the emitter's clock). */
  readonly ts: number;
  /** `noun.verb`, e.g. `agents.deployed`. */
  readonly type: string;
  /** Payload schema version of this event type. */
  readonly version: number;
  /** Which process or component emitted it, e.g. `cli` or `daemon`. */
  readonly source: string;
  readonly session: string | null;
  readonly run: string | null;
  /** The parsed JSON payload. */
  readonly payload: unknown;
}

/** An event to append. `BusEvent` from src/events is assignable to this as is. */
export interface NewEventRecord {
  /** Epoch milliseconds; must be an integer. */
  readonly ts: number;
  readonly type: string;
  /** Payload schema version. @default 1 */
  readonly version?: number;
  readonly source: string;
  /** @default null */
  readonly session?: string | null;
  /** @default null */
  readonly run?: string | null;
  /** Anything `JSON.stringify` turns into at most MAX_EVENT_PAYLOAD_BYTES of UTF-8. */
  readonly payload: unknown;
  /**
   * Idempotency key: a batch whose first event carries a key already recorded is not written
   * again (appendBatch returns no ids). At most MAX_EVENT_KEY_LENGTH characters. @default null
   */
  readonly key?: string | null;
}

/** Longest idempotency key: a spool file name or a relay's random id is far shorter. */
export const MAX_EVENT_KEY_LENGTH = 200;

/** Which events to count or list. All given fields must match (AND). */
export interface EventFilter {
  /** Exact event type. */
  readonly type?: string;
  /** Type prefix, case-sensitive, e.g. `agents.` for every agents event. */
  readonly typePrefix?: string;
  readonly session?: string;
  readonly run?: string;
  /** Only events with a larger id: the cursor for tailing the log. */
  readonly afterId?: number;
  /** Only events with a smaller id: the cursor for paging back from the newest. */
  readonly beforeId?: number;
  /** Only events at or after this time, in epoch ms. */
  readonly since?: number;
}

export interface EventQuery extends EventFilter {
  /** At most this many events, 1 to MAX_EVENT_QUERY_LIMIT. @default 100 */
  readonly limit?: number;
  /** By id: `desc` is newest first, `asc` is append order (use with afterId to tail). @default 'desc' */
  readonly order?: 'asc' | 'desc';
}

export interface EventsRepository {
  /**
   * Appends the events in one IMMEDIATE transaction (all or none) and returns their ids in
   * input order. Every event is validated and serialized before anything is written. When the
   * first event's key is already recorded, nothing is written and the result is empty: a replay
   * of the same batch is a no-op.
   */
  appendBatch(events: readonly NewEventRecord[]): number[];
  /** Whether an event with this idempotency key is recorded. */
  hasKey(key: string): boolean;
  list(query: EventQuery): EventRecord[];
  count(query?: EventFilter): number;
}

/**
 * The largest payload, in bytes of JSON, one event may carry. Events are telemetry, not blobs:
 * 1 MiB is far above any real event yet keeps a single hostile or runaway emitter from bloating
 * the database (and every dashboard query that reads it).
 */
export const MAX_EVENT_PAYLOAD_BYTES = 1024 * 1024;

/** Upper bound on `EventQuery.limit`, so one query cannot pull the whole log into memory. */
export const MAX_EVENT_QUERY_LIMIT = 10_000;

/** @see EventQuery.limit */
export const DEFAULT_EVENT_QUERY_LIMIT = 100;
