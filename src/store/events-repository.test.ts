import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../errors.js';
import { prefixUpperBound } from './event-query-sql.js';
import type { NewEventRecord, Store } from './index.js';
import { MAX_EVENT_PAYLOAD_BYTES, MAX_EVENT_QUERY_LIMIT, openStore } from './index.js';
import { catchError } from '../../test/support/catch-error.js';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'claude-hybrid-events-'));
  store = openStore({ path: join(dir, 'state.db') });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function newEvent(overrides: Partial<NewEventRecord> & { type: string }): NewEventRecord {
  return { ts: 1_000, source: 'cli', payload: {}, ...overrides };
}

/** Six events across types, sessions and runs; ids are 1..6 in this order. */
const fixture: NewEventRecord[] = [
  newEvent({ ts: 10, type: 'agents.deployed', session: 's1', payload: { written: ['a.md'] } }),
  newEvent({ ts: 20, type: 'agents.validated', session: 's1', run: 'r1', version: 2 }),
  newEvent({ ts: 30, type: 'agentsx.other', session: 's2', run: 'r1' }),
  newEvent({ ts: 40, type: 'Agents.deployed', session: 's2' }),
  newEvent({ ts: 50, type: 'config.validated', run: 'r2', payload: { ok: true } }),
  newEvent({ ts: 60, type: 'agents.deployed', session: 's2', run: 'r2', source: 'daemon' }),
];

describe('EventsRepository.appendBatch', () => {
  it('writes a keyed batch once: a replay of the same key is a no-op, unkeyed events never clash', () => {
    const batch = [
      newEvent({ type: 'hook.Stop', key: 'spool:00000000000001-7-1' }),
      newEvent({ type: 'tool.completed' }),
    ];
    expect(store.events.appendBatch(batch)).toEqual([1, 2]);
    expect(store.events.appendBatch(batch)).toEqual([]);
    expect(store.events.count()).toBe(2);
    expect(store.events.hasKey('spool:00000000000001-7-1')).toBe(true);
    expect(store.events.hasKey('spool:other')).toBe(false);
    expect(
      store.events.appendBatch([newEvent({ type: 'a.b' }), newEvent({ type: 'a.b' })]),
    ).toEqual([3, 4]);
    expect(
      catchError(StoreError, () => store.events.appendBatch([newEvent({ type: 'a.b', key: '' })])),
    ).toMatchObject({
      code: 'store.invalid_event',
    });
  });

  it('returns ids in input order and stores every field', () => {
    expect(store.events.appendBatch(fixture)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.events.appendBatch([])).toEqual([]);
    const [first, second] = store.events.list({ order: 'asc', limit: 2 });
    expect(first).toEqual({
      id: 1,
      ts: 10,
      type: 'agents.deployed',
      version: 1,
      source: 'cli',
      session: 's1',
      run: null,
      payload: { written: ['a.md'] },
    });
    expect(second).toMatchObject({ id: 2, version: 2, session: 's1', run: 'r1' });
  });

  it('makes the table append-only: UPDATE and DELETE abort', () => {
    store.events.appendBatch(fixture);
    expect(() => store.db.prepare("UPDATE events SET type = 'x' WHERE id = 1").run()).toThrow(
      /events are append-only/,
    );
    expect(() => store.db.prepare('DELETE FROM events').run()).toThrow(/events are append-only/);
    expect(store.events.count()).toBe(fixture.length);
    expect(store.events.list({ limit: 1, order: 'asc' })[0]?.type).toBe('agents.deployed');
  });

  it('rejects a batch with an oversized payload and writes none of it', () => {
    const error = catchError(StoreError, () =>
      store.events.appendBatch([
        newEvent({ type: 'ok.event' }),
        newEvent({ type: 'big.event', payload: 'x'.repeat(MAX_EVENT_PAYLOAD_BYTES) }),
      ]),
    );
    expect(error.code).toBe('store.payload_too_large');
    expect(error.message).toContain('big.event');
    expect(store.events.count()).toBe(0);
  });

  it('measures the cap in UTF-8 bytes of JSON, inclusive', () => {
    // A JSON string is its characters plus two quotes.
    const atCap = 'x'.repeat(MAX_EVENT_PAYLOAD_BYTES - 2);
    expect(store.events.appendBatch([newEvent({ type: 'cap.exact', payload: atCap })])).toEqual([
      1,
    ]);
    const overByOne = 'x'.repeat(MAX_EVENT_PAYLOAD_BYTES - 1);
    expect(
      catchError(StoreError, () =>
        store.events.appendBatch([newEvent({ type: 'cap.over', payload: overByOne })]),
      ).code,
    ).toBe('store.payload_too_large');
    // Fewer characters than the cap, but 'é' is two bytes in UTF-8: over the cap.
    const multibyte = 'é'.repeat(MAX_EVENT_PAYLOAD_BYTES / 2);
    expect(
      catchError(StoreError, () =>
        store.events.appendBatch([newEvent({ type: 'cap.utf8', payload: multibyte })]),
      ).code,
    ).toBe('store.payload_too_large');
    expect(store.events.count()).toBe(1);
  });

  it('rejects malformed events before writing', () => {
    const cases: NewEventRecord[] = [
      newEvent({ type: 'bad.ts', ts: 1.5 }),
      newEvent({ type: '' }),
      newEvent({ type: 'bad.source', source: '' }),
      newEvent({ type: 'bad.version', version: 0 }),
      newEvent({ type: 'bad.payload', payload: undefined }),
      newEvent({ type: 'bad.bigint', payload: { n: 1n } }),
    ];
    for (const bad of cases) {
      const error = catchError(StoreError, () =>
        store.events.appendBatch([newEvent({ type: 'ok' }), bad]),
      );
      expect(error.code).toBe('store.invalid_event');
      expect(error.message).toContain('event 1 of the batch');
    }
    expect(store.events.count()).toBe(0);
  });
});

describe('EventsRepository.list and count', () => {
  beforeEach(() => {
    store.events.appendBatch(fixture);
  });

  const ids = (query: Parameters<Store['events']['list']>[0]): number[] =>
    store.events.list(query).map((record) => record.id);

  it('lists newest first by default, or in append order', () => {
    expect(ids({})).toEqual([6, 5, 4, 3, 2, 1]);
    expect(ids({ order: 'asc' })).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ids({ limit: 2 })).toEqual([6, 5]);
  });

  it('filters by type, prefix, session, run and cursor, combined with AND', () => {
    expect(ids({ type: 'agents.deployed' })).toEqual([6, 1]);
    // Case-sensitive, and 'agents.' must not match 'agentsx.' or 'Agents.'.
    expect(ids({ typePrefix: 'agents.' })).toEqual([6, 2, 1]);
    expect(ids({ typePrefix: 'agents' })).toEqual([6, 3, 2, 1]);
    expect(ids({ typePrefix: '' })).toEqual([6, 5, 4, 3, 2, 1]);
    expect(ids({ session: 's2' })).toEqual([6, 4, 3]);
    expect(ids({ run: 'r1' })).toEqual([3, 2]);
    expect(ids({ session: 's2', run: 'r2', type: 'agents.deployed' })).toEqual([6]);
    expect(ids({ afterId: 4, order: 'asc' })).toEqual([5, 6]);
    expect(ids({ afterId: 6 })).toEqual([]);
    // Paging back from the newest: beforeId is exclusive, and combines with afterId.
    expect(ids({ beforeId: 4, limit: 2 })).toEqual([3, 2]);
    expect(ids({ beforeId: 6, afterId: 3 })).toEqual([5, 4]);
    expect(ids({ beforeId: 1 })).toEqual([]);
  });

  it('counts with the same filters', () => {
    expect(store.events.count()).toBe(6);
    expect(store.events.count({ typePrefix: 'agents.' })).toBe(3);
    expect(store.events.count({ session: 's1', run: 'r1' })).toBe(1);
    expect(store.events.count({ afterId: 2 })).toBe(4);
    expect(store.events.count({ type: 'none.such' })).toBe(0);
  });

  it('rejects limits outside 1..MAX as a usage error', () => {
    for (const limit of [0, -1, 1.5, MAX_EVENT_QUERY_LIMIT + 1]) {
      const error = catchError(StoreError, () => store.events.list({ limit }));
      expect(error.code).toBe('store.invalid_query');
      expect(error.exitCode).toBe(2);
    }
    expect(ids({ limit: MAX_EVENT_QUERY_LIMIT })).toHaveLength(6);
    expect(catchError(StoreError, () => store.events.count({ afterId: -1 })).code).toBe(
      'store.invalid_query',
    );
  });
});

describe('prefixUpperBound', () => {
  it('bumps the last code point, skipping those without a successor', () => {
    expect(prefixUpperBound('run.')).toBe('run/');
    expect(prefixUpperBound('a\u{10FFFF}')).toBe('b');
    expect(prefixUpperBound('a\uD7FF')).toBe('b');
    expect(prefixUpperBound('\u{10FFFF}')).toBeUndefined();
  });

  it('still filters exactly when the bound is loose or missing', () => {
    store.events.appendBatch([
      newEvent({ type: 'a\u{10FFFF}.x' }),
      newEvent({ type: 'a.y' }),
      newEvent({ type: '\u{10FFFF}z' }),
    ]);
    expect(store.events.list({ typePrefix: 'a\u{10FFFF}' }).map((record) => record.type)).toEqual([
      'a\u{10FFFF}.x',
    ]);
    expect(store.events.count({ typePrefix: '\u{10FFFF}' })).toBe(1);
  });
});
