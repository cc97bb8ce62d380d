import type { ModelResponse } from '../llm/index.js';
import { DiskCache } from './disk-cache.js';
import { loadSecret } from './integrity.js';
import { LruCache } from './lru-cache.js';

export interface ResponseCacheOptions {
  /** The disk tier's SQLite file. */
  readonly path: string;
  /** The signing secret's file (created, mode 0600, on first use). */
  readonly secretPath: string;
  /** @default 86400000 (a day) */
  readonly ttlMs?: number;
  /** Disk tier cap. @default 268435456 (256 MiB) */
  readonly maxBytes?: number;
  /** Memory tier cap. @default 67108864 (64 MiB) */
  readonly memoryBytes?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly hitRate: number;
  readonly entries: number;
  readonly bytes: number;
  readonly evictions: number;
  readonly tampered: number;
}

/**
 * Model responses by request key: an in-memory LRU in front of the signed SQLite tier. A hit in
 * memory costs a Map lookup (counted in memory, added to the shared counters at close); a hit
 * on disk is verified, then kept in memory too.
 */
export class ResponseCache {
  private readonly memory: LruCache<ModelResponse>;
  private readonly disk: DiskCache | undefined;
  private memoryHits = 0;

  private constructor(options: ResponseCacheOptions, disk: DiskCache | undefined) {
    this.memory = new LruCache({
      ...(options.memoryBytes === undefined ? {} : { maxBytes: options.memoryBytes }),
      ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    this.disk = disk;
  }

  static open(options: ResponseCacheOptions): ResponseCache {
    const disk = DiskCache.open({
      path: options.path,
      secret: loadSecret(options.secretPath),
      ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
      ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    return new ResponseCache(options, disk);
  }

  get(key: string): ModelResponse | undefined {
    const remembered = this.memory.get(key);
    if (remembered !== undefined) {
      this.memoryHits += 1;
      return remembered;
    }
    const payload = this.disk?.get(key);
    if (payload === undefined) return undefined;
    const response = JSON.parse(payload) as ModelResponse; // signed by us: our own format
    this.memory.set(key, response, payload.length);
    return response;
  }

  set(key: string, response: ModelResponse): void {
    const payload = JSON.stringify(response);
    this.memory.set(key, response, payload.length);
    this.disk?.set(key, payload);
  }

  stats(): CacheStats {
    const disk = this.disk?.counters();
    const hits = (disk?.hits ?? 0) + this.memoryHits;
    const misses = disk?.misses ?? 0;
    return {
      hits,
      misses,
      hitRate: hits + misses === 0 ? 0 : Math.round((hits / (hits + misses)) * 1000) / 1000,
      entries: disk?.entries ?? this.memory.size,
      bytes: disk?.bytes ?? this.memory.bytes,
      evictions: (disk?.evictions ?? 0) + this.memory.evictions,
      tampered: disk?.tampered ?? 0,
    };
  }

  clear(): number {
    this.memory.clear();
    this.memoryHits = 0;
    return this.disk?.clear() ?? 0;
  }

  /** Adds this process's memory hits to the shared counters, then closes the file. */
  close(): void {
    if (this.memoryHits > 0) this.disk?.addHits(this.memoryHits);
    this.memoryHits = 0;
    this.disk?.close();
  }
}
