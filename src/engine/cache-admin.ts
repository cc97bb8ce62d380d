import type { CacheStats, ResponseCache } from '../cache/index.js';
import type { LoadedConfig } from '../config/index.js';
import { SharedStoreConnection, displayPostgresUrl } from '../store/postgres/index.js';
import type { PgResponseCache } from '../store/postgres/index.js';
import { openResponseCache } from './response-cache-file.js';

/** The shared store's part of `cache stats` and `cache clear`. */
export interface SharedCacheReport {
  /** The store's URL without credentials. */
  readonly store: string;
  /** Entries in its table (`cache stats`), or entries deleted (`cache clear`). */
  readonly entries: number;
}

export interface CacheReport extends CacheStats {
  /** Present when `store.url` names a shared store. */
  readonly shared?: SharedCacheReport;
}

export interface CacheClearReport {
  /** Entries deleted from this machine's cache. */
  readonly removed: number;
  /** Present when `store.url` names a shared store: its table was emptied too. */
  readonly shared?: SharedCacheReport;
}

/**
 * This machine's cache and, with a shared store, its table: opened for one use and closed
 * after. `cache.enabled: false` stops runs from using the caches, not these commands: what
 * was cached is still there to count or delete.
 */
async function withCaches<T>(
  loaded: LoadedConfig,
  use: (local: ResponseCache, shared: SharedUse | undefined) => Promise<T>,
): Promise<T> {
  const { url } = loaded.config.store;
  const connection = url === '' ? undefined : new SharedStoreConnection(url);
  const local = openResponseCache(loaded.hybridHome, loaded.config.cache);
  try {
    return await use(
      local,
      connection === undefined
        ? undefined
        : { store: displayPostgresUrl(url), table: connection.responseCache() },
    );
  } finally {
    local.close();
    await connection?.close();
  }
}

interface SharedUse {
  readonly store: string;
  readonly table: PgResponseCache;
}

/** The local counters and size, and the shared table's entry count when there is one. */
export function responseCacheReport(loaded: LoadedConfig): Promise<CacheReport> {
  return withCaches(loaded, async (local, shared) => {
    const stats = local.stats();
    if (shared === undefined) return stats;
    return { ...stats, shared: { store: shared.store, entries: await shared.table.count() } };
  });
}

/** Deletes every local entry (zeroing the counters) and, with a shared store, every shared one. */
export function clearResponseCaches(loaded: LoadedConfig): Promise<CacheClearReport> {
  return withCaches(loaded, async (local, shared) => {
    const removed = local.clear();
    if (shared === undefined) return { removed };
    return { removed, shared: { store: shared.store, entries: await shared.table.clear() } };
  });
}
