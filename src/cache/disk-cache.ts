import type Database from 'better-sqlite3';
import { ensurePrivateDirFor, preparePrivateDatabase } from '../files/index.js';
import { sqliteDriver } from '../store/sqlite-driver.js';
import { signEntry, verifyEntry } from './integrity.js';

/** Schema of the disk tier; a file of a newer version is left alone and the tier is skipped. */
export const DISK_CACHE_VERSION = 1;

export interface DiskCacheOptions {
  /** The SQLite file, e.g. `$CLAUDE_HYBRID_HOME/cache/responses.db`. */
  readonly path: string;
  readonly secret: Buffer;
  /** Total payload size kept, in bytes. @default 268435456 (256 MiB) */
  readonly maxBytes?: number;
  /** How long an entry stays valid, in ms. @default 86400000 (a day) */
  readonly ttlMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface DiskCacheCounters {
  readonly hits: number;
  readonly misses: number;
  readonly tampered: number;
  readonly evictions: number;
  readonly entries: number;
  readonly bytes: number;
}

/** Writes between eviction passes: eviction is amortised, never paid on every write. */
const EVICT_EVERY = 32;

/**
 * The persistent tier: one SQLite table of signed entries with an expiry, under a size cap.
 * Every entry carries an HMAC-SHA256 of its key and payload with the installation's secret; an
 * entry whose signature does not match (edited on disk, copied from elsewhere) is deleted and
 * counted as tampered, never served. Counters live in the same file, so `cache stats` sees every
 * process's hits and misses.
 */
export class DiskCache {
  private readonly db: Database.Database;
  private readonly secret: Buffer;
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private writes = 0;
  private readonly statements: {
    get: Database.Statement<[string], { payload: string; mac: string; expires: number }>;
    touch: Database.Statement<[number, string]>;
    remove: Database.Statement<[string]>;
    put: Database.Statement<[string, string, string, number, number, number, number]>;
    count: Database.Statement<[string]>;
  };

  private constructor(db: Database.Database, options: DiskCacheOptions) {
    this.db = db;
    this.secret = options.secret;
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    this.ttlMs = options.ttlMs ?? 86_400_000;
    this.now = options.now ?? Date.now;
    this.statements = {
      get: db.prepare('SELECT payload, mac, expires FROM responses WHERE key = ?'),
      touch: db.prepare('UPDATE responses SET used = ? WHERE key = ?'),
      remove: db.prepare('DELETE FROM responses WHERE key = ?'),
      put: db.prepare(
        'INSERT OR REPLACE INTO responses (key, payload, mac, created, expires, used, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      count: db.prepare('UPDATE counters SET value = value + 1 WHERE name = ?'),
    };
  }

  /** Opens (creating) the cache file; undefined when it belongs to a newer Claude Hybrid. */
  static open(options: DiskCacheOptions): DiskCache | undefined {
    // Cached answers are user data: owner-only database, -wal and -shm.
    ensurePrivateDirFor(options.path);
    preparePrivateDatabase(options.path, true);
    const db = new (sqliteDriver())(options.path, { timeout: 5_000 });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      const version = db.pragma('user_version', { simple: true }) as number; // SQLite returns an integer
      if (version > DISK_CACHE_VERSION) {
        db.close();
        return undefined;
      }
      if (version < DISK_CACHE_VERSION) {
        db.exec(`
          BEGIN IMMEDIATE;
          CREATE TABLE IF NOT EXISTS responses (
            key TEXT PRIMARY KEY, payload TEXT NOT NULL, mac TEXT NOT NULL,
            created INTEGER NOT NULL, expires INTEGER NOT NULL, used INTEGER NOT NULL,
            bytes INTEGER NOT NULL);
          CREATE INDEX IF NOT EXISTS responses_used ON responses (used);
          CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
          INSERT OR IGNORE INTO counters (name, value)
            VALUES ('hits', 0), ('misses', 0), ('tampered', 0), ('evictions', 0);
          PRAGMA user_version = ${DISK_CACHE_VERSION};
          COMMIT;`);
      }
      return new DiskCache(db, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  get(key: string): string | undefined {
    const row = this.statements.get.get(key);
    const now = this.now();
    if (row === undefined || row.expires <= now) {
      if (row !== undefined) this.statements.remove.run(key);
      this.statements.count.run('misses');
      return undefined;
    }
    if (!verifyEntry(this.secret, key, row.payload, row.mac)) {
      this.statements.remove.run(key);
      this.statements.count.run('tampered');
      this.statements.count.run('misses');
      return undefined;
    }
    this.statements.touch.run(now, key);
    this.statements.count.run('hits');
    return row.payload;
  }

  set(key: string, payload: string): void {
    const now = this.now();
    const bytes = Buffer.byteLength(payload);
    const mac = signEntry(this.secret, key, payload);
    this.statements.put.run(key, payload, mac, now, now + this.ttlMs, now, bytes);
    this.writes += 1;
    if (this.writes % EVICT_EVERY === 0) this.evict();
  }

  /** Drops expired entries, then the least recently used until under the byte cap. */
  evict(): void {
    const now = this.now();
    this.db.transaction(() => {
      let removed = this.db.prepare('DELETE FROM responses WHERE expires <= ?').run(now).changes;
      let total = (
        this.db.prepare('SELECT COALESCE(SUM(bytes), 0) AS total FROM responses').get() as {
          total: number;
        }
      ).total; // SUM of an INTEGER column
      const oldest = this.db.prepare('SELECT key, bytes FROM responses ORDER BY used LIMIT 64');
      while (total > this.maxBytes) {
        const rows = oldest.all() as { key: string; bytes: number }[]; // the columns selected above
        if (rows.length === 0) break;
        for (const row of rows) {
          if (total <= this.maxBytes) break;
          this.statements.remove.run(row.key);
          total -= row.bytes;
          removed += 1;
        }
      }
      if (removed > 0)
        this.db
          .prepare("UPDATE counters SET value = value + ? WHERE name = 'evictions'")
          .run(removed);
    })();
  }

  counters(): DiskCacheCounters {
    const values = Object.fromEntries(
      (
        this.db.prepare('SELECT name, value FROM counters').all() as {
          name: string;
          value: number;
        }[]
      ).map((row) => [row.name, row.value]),
    ); // the columns selected
    const size = this.db
      .prepare('SELECT COUNT(*) AS entries, COALESCE(SUM(bytes), 0) AS bytes FROM responses')
      .get() as { entries: number; bytes: number }; // the columns selected
    const counter = (name: 'hits' | 'misses' | 'tampered' | 'evictions'): number =>
      values[name] ?? 0;
    return {
      hits: counter('hits'),
      misses: counter('misses'),
      tampered: counter('tampered'),
      evictions: counter('evictions'),
      entries: size.entries,
      bytes: size.bytes,
    };
  }

  /** Counts hits served from a process's memory tier. */
  addHits(count: number): void {
    this.db.prepare("UPDATE counters SET value = value + ? WHERE name = 'hits'").run(count);
  }

  /** Deletes every entry and zeroes the counters. */
  clear(): number {
    const removed = this.db.prepare('DELETE FROM responses').run().changes;
    this.db.prepare('UPDATE counters SET value = 0').run();
    return removed;
  }

  close(): void {
    this.db.close();
  }
}
