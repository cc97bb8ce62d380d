import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableWal } from './journal-mode.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'claude-hybrid-wal-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A fake clock that advances `step` ms on every read, and counts the reads. */
function steppingClock(step: number): { now: () => number; reads: () => number } {
  let reads = 0;
  return { now: () => (reads += 1) * step, reads: () => reads };
}

describe('enableWal', () => {
  it('switches a fresh database to WAL, and is a plain read when already WAL', () => {
    const db = new Database(join(dir, 'state.db'));
    enableWal(db, 0);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    enableWal(db, 0);
    db.close();
  });

  it('retries the switch while another connection blocks it, until the budget runs out', () => {
    const path = join(dir, 'state.db');
    const holder = new Database(path);
    holder.exec('CREATE TABLE t (x)');
    // A read transaction holds a shared lock, which blocks the exclusive lock WAL needs; SQLite
    // reports that as SQLITE_BUSY without consulting the busy handler.
    holder.exec('BEGIN');
    holder.prepare('SELECT count(*) FROM t').get();
    const db = new Database(path, { timeout: 0 });

    const clock = steppingClock(10);
    let thrown: unknown;
    try {
      enableWal(db, 35, clock.now);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Database.SqliteError);
    expect(thrown).toMatchObject({ code: 'SQLITE_BUSY' });
    // One read for the deadline, then one per failed attempt until past it: 10 + 35 = 45.
    expect(clock.reads()).toBe(5);

    holder.exec('COMMIT');
    enableWal(db, 35, clock.now);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    holder.close();
  });
});
