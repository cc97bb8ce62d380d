import { HybridError } from '../errors.js';
import type { EventBus } from './bus.js';
import type { BusEvent } from './event-types.js';

/**
 * Where batches go. The store's `EventsRepository` fits as is: a BusEvent is a valid
 * NewEventRecord, so events are queued and written without copying.
 */
export interface EventBatchWriter {
  appendBatch(events: readonly BusEvent[]): unknown;
}

export interface EventPersistenceOptions {
  /** Write as soon as this many events are queued. @default 256 */
  batchSize?: number;
  /** Write queued events at most this many milliseconds after the first one arrived. @default 50 */
  flushIntervalMs?: number;
  /**
   * Receives a failed automatic write (size- or timer-triggered) and the events it dropped.
   * @default ignore the error
   */
  onError?: (error: unknown, events: readonly BusEvent[]) => void;
}

export interface EventPersistence {
  /** Events queued and not yet written. */
  readonly pending: number;
  /**
   * Writes the queue now, synchronously. If the write throws, the batch is dropped and the
   * error is rethrown to the caller.
   */
  flush(): void;
  /** Stops listening, cancels the timer, then flushes. Calling it again does nothing. */
  close(): void;
}

function invalidOption(message: string): HybridError {
  return new HybridError('events.invalid_options', message, {
    hint: 'batchSize is a positive integer; flushIntervalMs is a non-negative number of ms.',
  });
}

/**
 * Queues every bus event and writes them to `writer` in batches: when `batchSize` are queued,
 * or `flushIntervalMs` after the first event of a batch, whichever comes first. One write per
 * batch pays for one transaction and one lock acquisition instead of one per event, and one
 * timer per batch, not per event, keeps emit cheap.
 *
 * The timer is unref'd so pending persistence never keeps the process alive; in exchange, the
 * caller must flush at shutdown: `process.once('beforeExit', () => persistence.close())`, and
 * `close()` before any explicit `process.exit`. Events still queued when the process dies are lost.
 *
 * A failed write drops its batch rather than retrying: events are telemetry, and a broken store
 * must neither crash the process from a timer nor grow the queue without bound.
 */
export function attachEventPersistence(
  bus: EventBus,
  writer: EventBatchWriter,
  options: EventPersistenceOptions = {},
): EventPersistence {
  const batchSize = options.batchSize ?? 256;
  const flushIntervalMs = options.flushIntervalMs ?? 50;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw invalidOption(`batchSize must be a positive integer, got ${batchSize}`);
  }
  if (!Number.isFinite(flushIntervalMs) || flushIntervalMs < 0) {
    throw invalidOption(`flushIntervalMs must be a non-negative number, got ${flushIntervalMs}`);
  }
  const { onError } = options;

  let queue: BusEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  function writeQueued(): void {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (queue.length === 0) return;
    // Swap before writing, so events a writer might emit land in the next batch, not this one.
    const batch = queue;
    queue = [];
    writer.appendBatch(batch);
  }

  function writeQueuedReporting(): void {
    const batch = queue;
    try {
      writeQueued();
    } catch (error) {
      if (onError === undefined) return;
      try {
        onError(error, batch);
      } catch {
        // Nowhere left to report; never let this escape into emit() or a timer.
      }
    }
  }

  function onTimer(): void {
    timer = undefined;
    writeQueuedReporting();
  }

  const unsubscribe = bus.subscribe((event) => {
    queue.push(event);
    if (queue.length >= batchSize) writeQueuedReporting();
    else timer ??= setTimeout(onTimer, flushIntervalMs).unref();
  });

  return {
    get pending(): number {
      return queue.length;
    },
    flush: writeQueued,
    close(): void {
      if (closed) return;
      closed = true;
      unsubscribe();
      writeQueued();
    },
  };
}
