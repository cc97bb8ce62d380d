export { CACHE_KEY_VERSION, requestIdentity, requestKey } from './request-key.js';
export { LruCache } from './lru-cache.js';
export type { LruCacheOptions } from './lru-cache.js';
export { DISK_CACHE_VERSION, DiskCache } from './disk-cache.js';
export type { DiskCacheCounters, DiskCacheOptions } from './disk-cache.js';
export { loadSecret, signEntry, verifyEntry } from './integrity.js';
export { ResponseCache, SHARED_PAUSE_MS } from './response-cache.js';
export type { CacheStats, ResponseCacheOptions, SharedCacheTier } from './response-cache.js';
export { SHARED_ENTRY_VERSION, decodeSharedEntry, encodeSharedEntry } from './shared-entry.js';
