import type { EventRow } from '../../api-types.js';

/**
 * The Live view's rows, oldest first in memory so live events append in O(1); the page shows
 * them newest first, so display index i is rows[length - 1 - i]. At most `cap` rows: live rows
 * past the cap drop the oldest (which can be paged in again), older pages past it drop the newest
 * (the view then offers to jump back to the newest).
 */
export class EventStore {
  private rows: EventRow[] = [];
  /** The newest id held: a live row at or below it is a replay after a reconnect. */
  newestId = 0;
  /** The `beforeId` of the next older page, or null at the start of the log. */
  nextBeforeId: number | null = null;
  /** Newest rows were dropped to make room for older ones. */
  newerTrimmed = false;

  constructor(readonly cap: number) {}

  get length(): number {
    return this.rows.length;
  }

  /** The row at display index `index` (0 is the newest). */
  at(index: number): EventRow | undefined {
    return this.rows[this.rows.length - 1 - index];
  }

  /** A fresh first page (newest first, as /api/events answers). */
  reset(page: readonly EventRow[], nextBeforeId: number | null): void {
    this.rows = page.slice().reverse();
    this.nextBeforeId = nextBeforeId;
    this.newerTrimmed = false;
    this.newestId = this.rows[this.rows.length - 1]?.id ?? 0;
    this.trimOldest();
  }

  /**
   * Live rows in append order. Returns how many were added at the top of the display (rows
   * already held, by id, are skipped: a reconnect may replay some).
   */
  appendLive(rows: readonly EventRow[]): number {
    let added = 0;
    for (const row of rows) {
      if (row.id <= this.newestId) continue;
      this.rows.push(row);
      this.newestId = row.id;
      added += 1;
    }
    this.trimOldest();
    return added;
  }

  /** An older page (newest first). Returns how many newest rows were dropped for it. */
  appendOlder(page: readonly EventRow[], nextBeforeId: number | null): number {
    const oldest = this.rows[0]?.id ?? Infinity;
    const older = page.filter((row) => row.id < oldest).reverse();
    this.rows = older.concat(this.rows);
    this.nextBeforeId = nextBeforeId;
    const excess = this.rows.length - this.cap;
    if (excess <= 0) return 0;
    this.rows.length = this.cap;
    this.newerTrimmed = true;
    return excess;
  }

  private trimOldest(): void {
    const excess = this.rows.length - this.cap;
    if (excess <= 0) return;
    this.rows.splice(0, excess);
    this.nextBeforeId = this.rows[0]?.id ?? null;
  }
}
