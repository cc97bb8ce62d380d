import type Database from 'better-sqlite3';
import type {
  EventFilter,
  EventQuery,
  EventRecord,
  EventsRepository,
  NewEventRecord,
} from './event-records.js';
import type { EventInsertRow, EventRow } from './event-serialization.js';
import { toEventRecord, toInsertRow } from './event-serialization.js';
import type { QueryParameters } from './event-query-sql.js';
import { compileFilter, compileQuery, countSql, listSql } from './event-query-sql.js';
import { toStoreError } from './sqlite-errors.js';

const INSERT_SQL =
  'INSERT INTO events (ts, type, version, source, session, run, payload, key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';
const KEY_SQL = 'SELECT 1 FROM events WHERE key = ?';

/**
 * The typed repository over the `events` table. The insert statement and the batch transaction
 * are prepared once here; list and count statements are prepared on first use of each query
 * shape and then reused for the life of the connection.
 */
export function createEventsRepository(db: Database.Database, path: string): EventsRepository {
  const insert = db.prepare<EventInsertRow>(INSERT_SQL);
  const keyed = db.prepare<[string], number>(KEY_SQL).pluck();
  const insertAll = db.transaction((rows: readonly EventInsertRow[]): number[] => {
    // A batch is one event with what it led to, written all or none; its key is its first
    // row's. Checked inside the write transaction, so two writers cannot both pass.
    const key = rows[0]?.[7];
    if (key !== undefined && key !== null && keyed.get(key) !== undefined) return [];
    const ids: number[] = [];
    for (const row of rows) ids.push(Number(insert.run(...row).lastInsertRowid));
    return ids;
  });
  const listStatements = new Map<number, Database.Statement<[QueryParameters], EventRow>>();
  const countStatements = new Map<number, Database.Statement<[QueryParameters], number>>();

  function listStatement(shape: number): Database.Statement<[QueryParameters], EventRow> {
    let statement = listStatements.get(shape);
    if (statement === undefined) {
      statement = db.prepare<[QueryParameters], EventRow>(listSql(shape));
      listStatements.set(shape, statement);
    }
    return statement;
  }

  function countStatement(shape: number): Database.Statement<[QueryParameters], number> {
    let statement = countStatements.get(shape);
    if (statement === undefined) {
      statement = db.prepare<[QueryParameters], number>(countSql(shape)).pluck();
      countStatements.set(shape, statement);
    }
    return statement;
  }

  return {
    appendBatch(events: readonly NewEventRecord[]): number[] {
      if (events.length === 0) return [];
      // Serialize everything first: a bad or oversized event fails the batch before any write.
      const rows = events.map(toInsertRow);
      try {
        // IMMEDIATE takes the write lock at BEGIN, inside the busy timeout. A deferred
        // transaction would take it at the first INSERT, where a WAL snapshot conflict fails
        // at once with SQLITE_BUSY_SNAPSHOT instead of waiting.
        return insertAll.immediate(rows);
      } catch (error) {
        throw toStoreError(error, `appending ${events.length} events`, path);
      }
    },

    hasKey(key: string): boolean {
      try {
        return keyed.get(key) !== undefined;
      } catch (error) {
        throw toStoreError(error, 'looking up an event key', path);
      }
    },

    list(query: EventQuery): EventRecord[] {
      const compiled = compileQuery(query);
      try {
        return listStatement(compiled.shape).all(compiled.parameters).map(toEventRecord);
      } catch (error) {
        throw toStoreError(error, 'listing events', path);
      }
    },

    count(query: EventFilter = {}): number {
      const compiled = compileFilter(query);
      try {
        return countStatement(compiled.shape).get(compiled.parameters) ?? 0;
      } catch (error) {
        throw toStoreError(error, 'counting events', path);
      }
    },
  };
}
