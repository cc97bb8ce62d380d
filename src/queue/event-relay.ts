import type { Redis } from 'ioredis';
import type { EventBus } from '../events/index.js';
import type { BusEvent } from '../events/index.js';
import { eventStreamKey } from './queue-names.js';

/** A run's relayed events are kept this long after its last one, for callers that reattach. */
const STREAM_TTL_SECONDS = 7 * 24 * 3600;
/** At most about this many events kept per run (Redis trims the oldest). */
const STREAM_MAX_LENGTH = 10_000;

/** One relayed event: the event as emitted, and where it was emitted. */
export interface RelayedEvent {
  readonly event: BusEvent;
  /** The emitting worker's host and project (see workerOrigin). */
  readonly origin: string;
}

/**
 * Relays the events of the runs a worker is running (those `relayed` says yes to) from its bus
 * to each run's Redis stream, in emission order, so the caller that enqueued the run (and its
 * daemon and dashboard) sees them. Best effort: a failed write is reported, never thrown into
 * the run. Returns the unsubscribe.
 */
export function relayRunEvents(
  bus: EventBus,
  redis: Redis,
  relayed: (runId: string) => boolean,
  origin: string,
  onError: (error: unknown) => void,
): () => void {
  return bus.subscribe((event) => {
    const runId = event.run;
    if (runId === null || !relayed(runId)) return;
    const key = eventStreamKey(runId);
    const entry: RelayedEvent = { event, origin };
    redis
      .multi()
      .xadd(key, 'MAXLEN', '~', String(STREAM_MAX_LENGTH), '*', 'e', JSON.stringify(entry))
      .expire(key, STREAM_TTL_SECONDS)
      .exec()
      .catch(onError);
  });
}

/** A position in a run's stream: `0` is its start. */
export type StreamPosition = string;

/**
 * Reads a run's relayed events after `from`, waiting up to `blockMs` for the first. Returns the
 * events read and the position to read from next. Needs a connection of its own (it blocks).
 */
export async function readRunEvents(
  redis: Redis,
  runId: string,
  from: StreamPosition,
  blockMs: number,
): Promise<{ events: RelayedEvent[]; next: StreamPosition }> {
  const reply = await redis.xread(
    'COUNT',
    500,
    'BLOCK',
    blockMs,
    'STREAMS',
    eventStreamKey(runId),
    from,
  );
  const entries = reply?.[0]?.[1] ?? [];
  const events: RelayedEvent[] = [];
  let next = from;
  for (const [id, fields] of entries) {
    next = id;
    const json = fields[1];
    if (fields[0] !== 'e' || json === undefined) continue;
    try {
      events.push(JSON.parse(json) as RelayedEvent); // written by relayRunEvents
    } catch {
      // a foreign entry in our stream: skipped
    }
  }
  return { events, next };
}
