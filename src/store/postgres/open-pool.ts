import type { Pool, PoolClient } from 'pg';
import { StoreError } from '../../errors.js';
import { pgDriver } from './pg-driver.js';
import { toPgStoreError } from './pg-errors.js';
import type { PostgresUrl } from './postgres-url.js';

export interface PoolOptions {
  /**
   * How long opening a connection may take before it fails with `store.unreachable`, in
   * milliseconds. It bounds a server that refuses as well as one that never answers (a
   * black-holed address), so an unreachable store fails fast instead of hanging a worker.
   * @default 5000
   */
  connectTimeoutMs?: number;
  /** Connections the pool keeps at most. @default 10 */
  maxConnections?: number;
}

const INT8_OID = 20;

/**
 * BIGINT columns (epoch-ms timestamps, event ids) come back from pg as strings, to be safe
 * beyond 2^53. Ours stay far below it (ms until the year 285,000; ids one per event), so they
 * are read as numbers, like SQLite's. Set per pool, not on pg's global type table, so another
 * pg user in the same process is not affected.
 */
function typeParsers(): { getTypeParser: (oid: number, format?: 'text' | 'binary') => unknown } {
  const { types } = pgDriver();
  return {
    getTypeParser: (oid, format) =>
      oid === INT8_OID && format !== 'binary' ? Number : types.getTypeParser(oid, format),
  };
}

function invalidOption(message: string): StoreError {
  return new StoreError('store.invalid_options', message, {
    hint: 'connectTimeoutMs and maxConnections are positive integers.',
    exitCode: 2,
  });
}

/**
 * A connection pool to the shared store, with its first connection made here: an unreachable
 * server fails now, within `connectTimeoutMs`, as `store.unreachable`, rather than at the first
 * query. The pool lets the process exit when idle (`allowExitOnIdle`) and never reconnects on
 * its own: each query takes a connection, and a failed connect fails that query.
 */
export async function openPool(url: PostgresUrl, options: PoolOptions = {}): Promise<Pool> {
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const maxConnections = options.maxConnections ?? 10;
  if (!Number.isSafeInteger(connectTimeoutMs) || connectTimeoutMs < 1)
    throw invalidOption(`connectTimeoutMs must be a positive integer, got ${connectTimeoutMs}`);
  if (!Number.isSafeInteger(maxConnections) || maxConnections < 1)
    throw invalidOption(`maxConnections must be a positive integer, got ${maxConnections}`);
  const { Pool: PgPool } = pgDriver();
  const pool = new PgPool({
    connectionString: url.connectionString,
    connectionTimeoutMillis: connectTimeoutMs,
    max: maxConnections,
    allowExitOnIdle: true,
    application_name: 'claude-hybrid',
    types: typeParsers(),
  });
  // An idle connection the server drops (a restart, a proxy timeout) is reported here; without
  // a listener it would crash the process. The next query opens a fresh connection instead.
  pool.on('error', () => undefined);
  let client: PoolClient | undefined;
  try {
    client = await pool.connect();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw toPgStoreError(error, 'connecting', url.display);
  }
  client.release();
  return pool;
}

/** Runs `work` in one transaction on one connection: committed if it returns, rolled back if it throws. */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true; // the connection is gone; the server rolls the transaction back itself
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
