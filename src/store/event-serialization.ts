import { StoreError } from '../errors.js';
import type { EventRecord, NewEventRecord } from './event-records.js';
import { MAX_EVENT_KEY_LENGTH, MAX_EVENT_PAYLOAD_BYTES } from './event-records.js';

/** Positional parameters of the insert statement, in column order. */
export type EventInsertRow = [
  ts: number,
  type: string,
  version: number,
  source: string,
  session: string | null,
  run: string | null,
  payload: string,
  key: string | null,
];

/**
 * A UTF-16 code unit never becomes more than 3 UTF-8 bytes, and never fewer than 1. So strings
 * up to this length are surely under the cap and need no byte count: the common case is free.
 */
const SURELY_SMALL_LENGTH = Math.floor(MAX_EVENT_PAYLOAD_BYTES / 3);

function invalidEvent(index: number, problem: string, cause?: unknown): StoreError {
  return new StoreError('store.invalid_event', `event ${index} of the batch ${problem}`, {
    hint: 'This is a bug in the emitter: events need an integer ts, a type, a source and a JSON payload.',
    ...(cause === undefined ? {} : { cause }),
  });
}

function serializePayload(payload: unknown, index: number, type: string): string {
  // Typed `string` by lib.d.ts, but undefined, functions and symbols stringify to undefined.
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (error) {
    throw invalidEvent(index, `(${type}) has a payload JSON cannot encode`, error);
  }
  if (json === undefined) throw invalidEvent(index, `(${type}) has no JSON payload`);
  if (
    json.length > SURELY_SMALL_LENGTH &&
    (json.length > MAX_EVENT_PAYLOAD_BYTES ||
      Buffer.byteLength(json, 'utf8') > MAX_EVENT_PAYLOAD_BYTES)
  ) {
    throw new StoreError(
      'store.payload_too_large',
      `event ${index} of the batch (${type}) has a payload over ${MAX_EVENT_PAYLOAD_BYTES} bytes of JSON; nothing in the batch was written`,
      { hint: 'Keep large content in a file and put its path in the event payload.' },
    );
  }
  return json;
}

/** Validates one event and turns it into insert parameters. Throws before any write happens. */
export function toInsertRow(event: NewEventRecord, index: number): EventInsertRow {
  if (!Number.isSafeInteger(event.ts)) throw invalidEvent(index, 'has a ts that is not integer ms');
  if (typeof event.type !== 'string' || event.type === '') throw invalidEvent(index, 'has no type');
  if (typeof event.source !== 'string' || event.source === '') {
    throw invalidEvent(index, `(${event.type}) has no source`);
  }
  const version = event.version ?? 1;
  if (!Number.isSafeInteger(version) || version < 1) {
    throw invalidEvent(index, `(${event.type}) has version ${version}; versions start at 1`);
  }
  const key = event.key ?? null;
  if (key !== null && (typeof key !== 'string' || key === '' || key.length > MAX_EVENT_KEY_LENGTH))
    throw invalidEvent(
      index,
      `(${event.type}) has a key that is not 1 to ${MAX_EVENT_KEY_LENGTH} characters`,
    );
  return [
    event.ts,
    event.type,
    version,
    event.source,
    event.session ?? null,
    event.run ?? null,
    serializePayload(event.payload, index, event.type),
    key,
  ];
}

/** An events row as both stores read it back (BIGINT ids and times come back as numbers). */
export interface EventRow {
  id: number;
  ts: number;
  type: string;
  version: number;
  source: string;
  session: string | null;
  run: string | null;
  payload: string;
}

/** A stored row as the event it records. */
export function toEventRecord(row: EventRow): EventRecord {
  return {
    id: row.id,
    ts: row.ts,
    type: row.type,
    version: row.version,
    source: row.source,
    session: row.session,
    run: row.run,
    payload: JSON.parse(row.payload) as unknown,
  };
}
