import type { Pool } from 'pg';
import { toPgStoreError } from './pg-errors.js';

export interface PgResponseCacheOptions {
  /** How long an entry answers after it was written, in ms. @default 86400000 (a day) */
  readonly ttlMs?: number;
  /** Epoch ms. @default Date.now */
  readonly now?: () => number;
}

/** The response cache every worker shares: the `response_cache` table, values as given. */
export interface PgResponseCache {
  /** The value stored under `key`, or undefined when there is none or it has expired. */
  get(key: string): Promise<string | undefined>;
  /** Stores (or replaces) the value under `key`, stamped now. */
  set(key: string, value: string): Promise<void>;
  /** Entries in the table, expired ones included until they are swept. */
  count(): Promise<number>;
  /** Deletes every entry; returns how many there were. */
  clear(): Promise<number>;
}

const SQL = {
  // The age is judged at read time against this reader's TTL, so workers configured with
  // different TTLs each get what they asked for from the same rows.
  get: 'SELECT value FROM response_cache WHERE key = $1 AND created_at > $2',
  // The last writer wins: two workers answering the same request at once store equal answers.
  set: `INSERT INTO response_cache (key, value, created_at) VALUES ($1, $2, $3)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at`,
  sweep: 'DELETE FROM response_cache WHERE created_at <= $1',
  count: 'SELECT count(*)::int AS entries FROM response_cache',
  clear: 'DELETE FROM response_cache',
} as const;

/** Writes between sweeps of expired rows: the sweep is amortised, never paid on every write. */
const SWEEP_EVERY = 32;

export function createPgResponseCache(
  pool: Pool,
  display: string,
  options: PgResponseCacheOptions = {},
): PgResponseCache {
  const ttlMs = options.ttlMs ?? 86_400_000;
  const now = options.now ?? Date.now;
  let writes = 0;
  const attempt = async <T>(doing: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw toPgStoreError(error, doing, display);
    }
  };
  return {
    get: (key) =>
      attempt('reading a cached response', async () => {
        const result = await pool.query<{ value: string }>(SQL.get, [key, now() - ttlMs]);
        return result.rows[0]?.value;
      }),
    set: (key, value) =>
      attempt('caching a response', async () => {
        const stamp = now();
        await pool.query(SQL.set, [key, value, stamp]);
        writes += 1;
        // Rows expired for this writer's TTL; the index on created_at keeps it a range delete.
        if (writes % SWEEP_EVERY === 0) await pool.query(SQL.sweep, [stamp - ttlMs]);
      }),
    count: () =>
      attempt('counting cached responses', async () => {
        const result = await pool.query<{ entries: number }>(SQL.count);
        return result.rows[0]?.entries ?? 0;
      }),
    clear: () =>
      attempt('clearing cached responses', async () => (await pool.query(SQL.clear)).rowCount ?? 0),
  };
}
