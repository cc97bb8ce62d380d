import type { BusEvent, EventBus } from '../events/index.js';
import { attachEventPersistence } from '../events/index.js';
import type { PgEvents } from '../store/postgres/index.js';

export interface SharedEventSink {
  /** Stops listening, writes what is queued, and waits for every write in flight. */
  close(): Promise<void>;
}

/**
 * Copies the bus's events to the shared store's event log, next to (not instead of) the
 * project's SQLite log: the same batching (batchSize, flushIntervalMs), with writes that run
 * in the background. The SQLite path is untouched; emit() only queues.
 *
 * A failed write drops its batch, as the SQLite persistence does (events are telemetry), and
 * is reported once through `warn`, not per batch, so an unreachable server does not flood the
 * terminal.
 */
export function attachSharedEvents(
  bus: EventBus,
  events: PgEvents,
  options: {
    readonly batchSize: number;
    readonly flushIntervalMs: number;
    readonly warn: (message: string) => void;
  },
): SharedEventSink {
  const inFlight = new Set<Promise<unknown>>();
  let warned = false;
  function report(error: unknown): void {
    if (warned) return;
    warned = true;
    const detail = error instanceof Error ? error.message : String(error);
    options.warn(`events were not written to the shared store: ${detail}`);
  }
  const persistence = attachEventPersistence(
    bus,
    {
      appendBatch(batch: readonly BusEvent[]): void {
        const write = events.appendBatch(batch).catch(report);
        inFlight.add(write);
        void write.finally(() => inFlight.delete(write));
      },
    },
    { batchSize: options.batchSize, flushIntervalMs: options.flushIntervalMs, onError: report },
  );
  return {
    async close() {
      persistence.close();
      await Promise.all(inFlight);
    },
  };
}
