/**
 * The shared log of memory entries that every machine's memory files replicate (Postgres,
 * `store.url`; see src/store/postgres/pg-memory.ts). Declared here so the replica depends on
 * the shape, not on the driver.
 */

/** A memory entry as the log holds it. */
export interface LoggedMemory {
  readonly agent: string;
  /** A memory section; a hand-made heading is kept as written. */
  readonly section: string;
  /** `YYYY-MM-DD`, or '' for an undated entry. */
  readonly date: string;
  readonly content: string;
}

export interface LoggedMemoryRow extends LoggedMemory {
  /** Ascending in the order rows became visible: a reader's position in the log. */
  readonly id: number;
  /** The host and project that appended it. */
  readonly origin: string;
}

export interface SharedMemoryLog {
  /**
   * Appends entries in one transaction. An entry the log already holds (same agent, section
   * and content) is skipped, so pushing one learning twice leaves one row.
   */
  append(entries: readonly LoggedMemory[], origin: string): Promise<void>;
  /** The log's identity: positions are only meaningful within one log. */
  identity(): Promise<string>;
  /** Rows with an id above `afterId`, ascending, at most `limit`. */
  rowsAfter(afterId: number, limit: number): Promise<LoggedMemoryRow[]>;
}
