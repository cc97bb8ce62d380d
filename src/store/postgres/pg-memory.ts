import type { Pool } from 'pg';
import type {
  LoggedMemory,
  LoggedMemoryRow,
  SharedMemoryLog,
} from '../../memory/shared-memory-log.js';
import { inTransaction } from './open-pool.js';
import { toPgStoreError } from './pg-errors.js';

/**
 * Appends take this transaction-scoped advisory lock first. A BIGSERIAL hands out ids when rows
 * are inserted, not when they commit, so two concurrent appends could commit out of id order and
 * a reader that saw the later id would never look below it again. Serialised appends commit in
 * id order; they are rare (learnings, `memory add`), so the lock costs nothing that matters.
 * The key is an arbitrary constant of this table ("memlog" in ASCII).
 */
const APPEND_LOCK = 0x6d656d6c6f67;

const INSERT = `INSERT INTO memory_entries (agent, section, date, content, origin, created_at)
  SELECT agent, section, date, content, $5, $6
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
    WITH ORDINALITY AS m (agent, section, date, content, n)
  ORDER BY n
  ON CONFLICT DO NOTHING`;
const ROWS_AFTER = `SELECT id, agent, section, date, content, origin FROM memory_entries
  WHERE id > $1 ORDER BY id LIMIT $2`;
const IDENTITY = "SELECT value FROM claude_hybrid_meta WHERE key = 'memory_log'";

/** The shared store's memory log (migration 4). */
export function createPgMemory(
  pool: Pool,
  display: string,
  now: () => number = Date.now,
): SharedMemoryLog {
  async function attempt<T>(doing: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toPgStoreError(error, doing, display);
    }
  }
  return {
    append(entries, origin) {
      if (entries.length === 0) return Promise.resolve();
      return attempt('appending memory', () =>
        inTransaction(pool, async (client) => {
          await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
          await client.query(INSERT, [
            entries.map((entry: LoggedMemory) => entry.agent),
            entries.map((entry) => entry.section),
            entries.map((entry) => entry.date),
            entries.map((entry) => entry.content),
            origin,
            now(),
          ]);
        }),
      );
    },
    identity() {
      return attempt('reading the memory log', async () => {
        const row = (await pool.query<{ value: string }>(IDENTITY)).rows[0];
        return row?.value ?? '';
      });
    },
    rowsAfter(afterId, limit) {
      return attempt('reading the memory log', async () => {
        return (await pool.query<LoggedMemoryRow>(ROWS_AFTER, [afterId, limit])).rows;
      });
    },
  };
}
