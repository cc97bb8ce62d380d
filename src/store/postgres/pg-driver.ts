import type { Pool, PoolConfig } from 'pg';
import { requireOptional } from '../../files/index.js';

/** What this module uses of the `pg` package. */
export interface PgModule {
  readonly Pool: new (config: PoolConfig) => Pool;
  readonly types: { getTypeParser(oid: number, format?: 'text' | 'binary'): unknown };
}

let loaded: PgModule | undefined;

/**
 * The `pg` package, loaded on first use: an optional peer dependency that only `store.url`
 * needs, so nothing of it loads (or must be installed) for the SQLite default.
 */
export function pgDriver(): PgModule {
  // A cast: requireOptional returns unknown; this is the part of pg's declared module we use.
  loaded ??= requireOptional('pg', 'the shared Postgres store (store.url)') as PgModule;
  return loaded;
}
