import type { BusEvent, EventMap, EventType } from './event-types.js';
import { EVENT_VERSIONS } from './event-types.js';

/** Who recorded an event, and when. */
export interface EventRecordMeta {
  /** Epoch milliseconds. */
  readonly ts: number;
  /** The recording component: `cli`, `daemon`, ... */
  readonly source: string;
  /** @default null */
  readonly session?: string | null;
  /** @default null */
  readonly run?: string | null;
}

/**
 * Builds one event as it is stored: typed by EventMap and stamped with its EVENT_VERSIONS
 * version. The bus and the daemon both build events here, so an event is typed and versioned
 * whichever door it came through. A BusEvent is a valid store NewEventRecord as it is. Pure and
 * allocation-light: callers on a hot path can share one `meta` across the records of a batch.
 */
export function eventRecord<Type extends EventType>(
  type: Type,
  payload: EventMap[Type],
  meta: EventRecordMeta,
): BusEvent<Type> {
  return {
    type,
    version: EVENT_VERSIONS[type],
    ts: meta.ts,
    source: meta.source,
    session: meta.session ?? null,
    run: meta.run ?? null,
    payload,
  };
}
