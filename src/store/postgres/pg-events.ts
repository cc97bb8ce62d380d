import type { Pool } from 'pg';
import type { EventQuery, EventRecord, NewEventRecord } from '../event-records.js';
import { compileQuery } from '../event-query-sql.js';
import type { EventInsertRow, EventRow } from '../event-serialization.js';
import { toEventRecord, toInsertRow } from '../event-serialization.js';
import { inTransaction } from './open-pool.js';
import { toPgStoreError } from './pg-errors.js';

/** The shared store's event log: the SQLite EventsRepository's append and list, asynchronous. */
export interface PgEvents {
  /**
   * Appends the events in one transaction (all or none) and returns their ids in input order.
   * Every event is validated and serialized first, as in SQLite. When the first event's key is
   * already recorded nothing is written and the result is empty: a replayed batch is a no-op.
   */
  appendBatch(events: readonly NewEventRecord[]): Promise<number[]>;
  /** The events matching `query`, by id (`desc` by default), at most `limit` (default 100). */
  query(query: EventQuery): Promise<EventRecord[]>;
}

const INSERT_ONE = `INSERT INTO events (ts, type, version, source, session, run, payload, key)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (key) DO NOTHING RETURNING id`;
/**
 * The rest of a batch in one statement, one array per column. Rows are inserted in ordinality
 * order, so their sequence ids ascend in input order whatever order RETURNING lists them in.
 */
const INSERT_MANY = `INSERT INTO events (ts, type, version, source, session, run, payload, key)
  SELECT ts, type, version, source, session, run, payload, key
  FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
    WITH ORDINALITY AS e (ts, type, version, source, session, run, payload, key, n)
  ORDER BY n RETURNING id`;

function columns(rows: readonly EventInsertRow[]): unknown[][] {
  const result: unknown[][] = [[], [], [], [], [], [], [], []];
  for (const row of rows) row.forEach((value, index) => result[index]?.push(value));
  return result;
}

/**
 * A filter as Postgres SQL with positional parameters. Validation and defaults come from the
 * SQLite compiler (compileQuery), so both stores accept and refuse the same queries. A type
 * prefix is matched with `left()`, exact under any collation.
 */
function listStatement(query: EventQuery): { text: string; values: unknown[] } {
  const { parameters } = compileQuery(query);
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown): void => {
    values.push(value);
    conditions.push(condition(`$${values.length}`));
  };
  if (query.type !== undefined) add((p) => `type = ${p}`, query.type);
  if (query.typePrefix !== undefined && query.typePrefix !== '') {
    add((p) => `left(type, char_length(${p})) = ${p}`, query.typePrefix);
  }
  if (query.session !== undefined) add((p) => `session = ${p}`, query.session);
  if (query.run !== undefined) add((p) => `run = ${p}`, query.run);
  if (query.afterId !== undefined) add((p) => `id > ${p}`, query.afterId);
  if (query.beforeId !== undefined) add((p) => `id < ${p}`, query.beforeId);
  if (query.since !== undefined) add((p) => `ts >= ${p}`, query.since);
  values.push(parameters.limit);
  const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
  const direction = query.order === 'asc' ? 'ASC' : 'DESC';
  return {
    text: `SELECT id, ts, type, version, source, session, run, payload FROM events${where} ORDER BY id ${direction} LIMIT $${values.length}`,
    values,
  };
}

export function createPgEvents(pool: Pool, display: string): PgEvents {
  return {
    async appendBatch(events) {
      if (events.length === 0) return [];
      // Serialize everything first: a bad or oversized event fails the batch before any write.
      const rows = events.map(toInsertRow);
      try {
        return await inTransaction(pool, async (client) => {
          const ids: number[] = [];
          let rest = rows;
          const [first] = rows;
          if (first !== undefined && first[7] !== null) {
            // The key is claimed by the insert itself: a concurrent batch with the same key
            // waits on the unique index, then finds it taken. No check-then-write race.
            const inserted = await client.query<{ id: number }>(INSERT_ONE, first);
            const id = inserted.rows[0]?.id;
            if (id === undefined) return [];
            ids.push(id);
            rest = rows.slice(1);
          }
          if (rest.length > 0) {
            const inserted = await client.query<{ id: number }>(INSERT_MANY, columns(rest));
            ids.push(...inserted.rows.map((row) => row.id).sort((a, b) => a - b));
          }
          return ids;
        });
      } catch (error) {
        throw toPgStoreError(error, `appending ${events.length} events`, display);
      }
    },

    async query(query) {
      const statement = listStatement(query);
      try {
        const result = await pool.query<EventRow>(statement.text, statement.values);
        return result.rows.map(toEventRecord);
      } catch (error) {
        throw toPgStoreError(error, 'listing events', display);
      }
    },
  };
}
