import type { ModelResponse } from '../llm/index.js';
import { DiskCache } from './disk-cache.js';
import { loadSecret } from './integrity.js';
import { LruCache } from './lru-cache.js';
import { decodeSharedEntry, encodeSharedEntry } from './shared-entry.js';

/**
 * A cache every machine reads (the shared Postgres store's `response_cache` table): entries by
 * request key, written and read as strings. It applies the TTL itself when reading.
 */
export interface SharedCacheTier {
  get(key: string): Promise<string | undefined>;
  set(key: string, payload: string): Promise<void>;
}

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
  /** A tier shared between machines, asked after a local miss and written after each call. */
  readonly shared?: SharedCacheTier | undefined;
  /**
   * Told (once) when the shared tier fails: a failure there is a miss, never a failed run.
   * @default ignores it
   */
  readonly warn?: ((message: string) => void) | undefined;
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
  private readonly shared: SharedCacheTier | undefined;
  private readonly warn: (message: string) => void;
  private warned = false;
  private readonly now: () => number;
  /** Until when (epoch ms) the shared tier is skipped after a failure. */
  private sharedPausedUntil = 0;
  /** Shared writes in flight: close() lets them finish before the connection ends. */
  private readonly writing = new Set<Promise<void>>();
  /** True when a shared tier is configured: run-task awaits it only then. */
  readonly hasShared: boolean;

  private constructor(options: ResponseCacheOptions, disk: DiskCache | undefined) {
    this.memory = new LruCache({
      ...(options.memoryBytes === undefined ? {} : { maxBytes: options.memoryBytes }),
      ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    this.disk = disk;
    this.shared = options.shared;
    this.hasShared = options.shared !== undefined;
    this.warn = options.warn ?? ignore;
    this.now = options.now ?? Date.now;
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

  /**
   * After a local miss: the shared tier's entry, checked and then kept locally (memory and
   * disk) so this machine answers it itself next time. A malformed entry, or a failure of the
   * shared store, is a miss.
   */
  async getShared(key: string): Promise<ModelResponse | undefined> {
    if (this.shared === undefined || this.sharedPaused()) return undefined;
    let payload: string | undefined;
    try {
      payload = await this.shared.get(key);
    } catch (error) {
      this.sharedFailed('read', error);
      return undefined;
    }
    const response = payload === undefined ? undefined : decodeSharedEntry(payload);
    if (response === undefined) return undefined;
    this.setLocal(key, response);
    return response;
  }

  /** Keeps an answer locally and, without waiting, in the shared tier. */
  set(key: string, response: ModelResponse): void {
    this.setLocal(key, response);
    if (this.shared === undefined || this.sharedPaused()) return;
    const writing = this.shared.set(key, encodeSharedEntry(response)).then(
      () => undefined,
      (error: unknown) => {
        this.sharedFailed('write', error);
      },
    );
    this.writing.add(writing);
    void writing.finally(() => this.writing.delete(writing));
  }

  /** Resolves when the shared writes started so far have finished (or failed). */
  async settled(): Promise<void> {
    while (this.writing.size > 0) await Promise.all(this.writing);
  }

  private setLocal(key: string, response: ModelResponse): void {
    const payload = JSON.stringify(response);
    this.memory.set(key, response, payload.length);
    this.disk?.set(key, payload);
  }

  private sharedPaused(): boolean {
    return this.sharedPausedUntil !== 0 && this.now() < this.sharedPausedUntil;
  }

  private sharedFailed(doing: 'read' | 'write', error: unknown): void {
    // While the store is unreachable every use would wait out the connect timeout (5 s by
    // default): after a failure, runs skip the shared tier for a while instead.
    this.sharedPausedUntil = this.now() + SHARED_PAUSE_MS;
    if (this.warned) return;
    this.warned = true;
    const message = error instanceof Error ? error.message : String(error);
    this.warn(
      `the shared response cache could not ${doing} an entry (${message}); runs go on without it, trying it again every ${SHARED_PAUSE_MS / 1000} s`,
    );
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

const ignore = (): void => undefined;

/** How long the shared tier is left alone after a failure, in ms. */
export const SHARED_PAUSE_MS = 30_000;
