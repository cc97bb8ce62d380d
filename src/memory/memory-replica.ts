import type Database from 'better-sqlite3';
import { MEMORY_SECTIONS, isCalendarDate } from './memory-file.js';
import type { MemoryEntry, MemorySection } from './memory-file.js';
import type { ImportGroup, ImportedMemory } from './memory-import.js';
import type { MemoryStore } from './memory-store.js';
import { isMemoryName } from './memory-store-types.js';
import type { LoggedMemoryRow, SharedMemoryLog } from './shared-memory-log.js';

export interface MemoryReplicaOptions {
  readonly log: SharedMemoryLog;
  /** This project in the log, `host:projectRoot`: its own rows are not applied back to it. */
  readonly origin: string;
  /** Told once, on the first failure of a push or a pull; later ones are not repeated. */
  readonly warn: (message: string) => void;
  /** Rows read per query while catching up. @default 500 */
  readonly batchSize?: number;
}

const POSITION_KEY = 'memory_replica.';
const SECTIONS: ReadonlySet<string> = new Set(MEMORY_SECTIONS);

/**
 * This project's memory files as a replica of the shared log of memory entries.
 *
 * Push: what this project adds (the store's `onAdded`) is appended to the log in the
 * background; a failure drops that batch and is reported once, never failing or slowing a run.
 * Pull: the rows after this project's position are imported (their sections and dates kept,
 * near-duplicates merged as any import does) and the position is moved past them in the same
 * SQLite transaction, so a pull applies each row once even with several processes pulling. A
 * crash between a file's rename and the commit leaves the position behind; the next pull meets
 * the same entries again, and the import finds them already there and changes nothing.
 */
export class MemoryReplica {
  private readonly inFlight = new Set<Promise<unknown>>();
  private identity: Promise<string> | undefined;
  private warned = false;

  constructor(private readonly options: MemoryReplicaOptions) {}

  /** A store's `onAdded`: queues the entries for the log. Never throws, never waits. */
  readonly push = (agent: string, entries: readonly MemoryEntry[]): void => {
    const write = this.options.log
      .append(
        entries.map((entry) => ({ agent, ...entry })),
        this.options.origin,
      )
      .catch((error: unknown) => {
        this.report('written to', error);
      });
    this.inFlight.add(write);
    void write.finally(() => this.inFlight.delete(write));
  };

  /**
   * Applies what the log holds beyond this project's position to `store`; returns how many
   * rows of other projects it applied. Rejects when the log cannot be read (see report()).
   */
  async pull(store: MemoryStore): Promise<number> {
    const batchSize = this.options.batchSize ?? 500;
    this.identity ??= this.options.log.identity();
    let key: string;
    try {
      key = POSITION_KEY + (await this.identity);
    } catch (error) {
      this.identity = undefined;
      throw error;
    }
    const { db } = store.index;
    let applied = 0;
    for (;;) {
      const rows = await this.options.log.rowsAfter(readPosition(db, key), batchSize);
      const last = rows[rows.length - 1];
      if (last === undefined) return applied;
      applied += db
        .transaction((): number => {
          // Another process of this project may have applied them meanwhile: read again under
          // the write lock, and apply only what is still beyond the position.
          const position = readPosition(db, key);
          const fresh = rows.filter(
            (row) =>
              row.id > position && row.origin !== this.options.origin && isMemoryName(row.agent),
          );
          if (fresh.length > 0)
            store.importAll(groupByAgent(fresh), { allowEvict: true, announce: false });
          if (last.id > position) writePosition(db, key, last.id);
          return fresh.length;
        })
        .immediate();
      if (rows.length < batchSize) return applied;
    }
  }

  /** Waits for the pushes in flight (each ends, written or reported). */
  async flush(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  /** Reports a failed push or pull, once per replica, so an outage does not flood the terminal. */
  report(direction: 'written to' | 'read from', error: unknown): void {
    if (this.warned) return;
    this.warned = true;
    const detail = error instanceof Error ? error.message : String(error);
    this.options.warn(`memory was not ${direction} the shared store: ${detail}`);
  }
}

function readPosition(db: Database.Database, key: string): number {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
    | { value: string } // a cast: the row of this SELECT
    | undefined;
  const position = Number(row?.value ?? 0);
  return Number.isSafeInteger(position) && position > 0 ? position : 0;
}

function writePosition(db: Database.Database, key: string, position: number): void {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, String(position));
}

function groupByAgent(rows: readonly LoggedMemoryRow[]): ImportGroup[] {
  const groups = new Map<string, ImportedMemory[]>();
  for (const row of rows) {
    let entries = groups.get(row.agent);
    if (entries === undefined) groups.set(row.agent, (entries = []));
    entries.push({
      content: row.content,
      // A heading the import format does not know (a hand edit elsewhere) lands in Notes.
      section: SECTIONS.has(row.section) ? (row.section as MemorySection) : 'Notes',
      ...(row.date === '' || isCalendarDate(row.date) ? { date: row.date } : {}),
    });
  }
  return [...groups].map(([agent, entries]) => ({ agent, entries }));
}
