export interface LruCacheOptions {
  /** Total size of the values kept, in bytes. @default 67108864 (64 MiB) */
  readonly maxBytes?: number;
  /** How long an entry stays valid, in ms. @default 86400000 (a day) */
  readonly ttlMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

interface Entry<V> {
  readonly value: V;
  readonly bytes: number;
  readonly expires: number;
}

/**
 * The in-memory tier: least recently used first out, entries expire after the TTL, and the
 * total size of the values stays under a byte cap. A Map keeps insertion order, so moving an
 * entry to the end on every hit makes the first key the least recently used.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private total = 0;
  evictions = 0;

  constructor(options: LruCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.ttlMs = options.ttlMs ?? 86_400_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.total;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expires <= this.now()) {
      this.total -= entry.bytes;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value` (of `bytes`); a value bigger than the whole cap is not kept. */
  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes, expires: this.now() + this.ttlMs });
    this.total += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.total -= entry.bytes;
      this.evictions += 1;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.total -= entry.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }
}
