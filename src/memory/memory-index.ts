import { PastRunRanker, RECENT_SESSIONS } from './past-runs.js';
import type Database from 'better-sqlite3';
import type { MemoryEntry } from './memory-file.js';
import { normalizedTokens } from './similarity.js';

export interface IndexedFile {
  readonly mtimeMs: number;
  readonly size: number;
  readonly hash: string;
  /** Entries in the file when it was indexed. */
  readonly entries: number;
}

/** An indexed file's state, and how many entries of it the index holds now. */
export interface IndexedFileState extends IndexedFile {
  readonly indexed: number;
}

interface FileRow {
  agent: string;
  mtime_ms: number;
  size: number;
  hash: string;
  entries: number;
  indexed: number;
}

function toFileState(row: FileRow): IndexedFileState {
  return {
    mtimeMs: row.mtime_ms,
    size: row.size,
    hash: row.hash,
    entries: row.entries,
    indexed: row.indexed,
  };
}

export interface EntryHit extends MemoryEntry {
  readonly agent: string;
  /** BM25 from FTS5, negated: higher is more relevant (always above 0 for a match). */
  readonly score: number;
}

export interface SessionRecord {
  readonly ts: number;
  readonly agent: string;
  readonly task: string;
  readonly outcome: 'succeeded' | 'failed';
  readonly summary: string;
  readonly runId: string | undefined;
}

export interface SessionHit extends SessionRecord {
  /** Shared words weighted by rarity among recent runs: higher is more relevant. */
  readonly score: number;
}

interface EntryRow {
  agent: string;
  section: string;
  date: string;
  content: string;
  score: number;
}

interface SessionRow {
  id: number;
  ts: number;
  agent: string;
  task: string;
  outcome: 'succeeded' | 'failed';
  summary: string;
  run_id: string | null;
}

/** Longest FTS query built from a text: the first distinct words are enough to rank by. */
const MAX_QUERY_TERMS = 24;

/**
 * An FTS5 query matching any of the meaningful words of `text` (stop words dropped; each quoted,
 * so nothing in the text is read as query syntax); undefined when the text has none.
 */
export function anyWordQuery(text: string): string | undefined {
  const words = [...normalizedTokens(text)].slice(0, MAX_QUERY_TERMS);
  return words.length === 0
    ? undefined
    : words.map((word) => `"${word.replaceAll('"', '')}"`).join(' OR ');
}

/**
 * The memory index in the project database: entries (with FTS5 kept in step by triggers), the
 * state of each file when it was indexed, and session history. Statements are prepared once.
 */
export class MemoryIndex {
  private readonly statements;
  private readonly pastRuns = new PastRunRanker();
  /** The latest runs, newest first (see recentSessions). */
  private recent: readonly SessionRow[] = [];

  constructor(readonly db: Database.Database) {
    this.statements = {
      file: db.prepare<[string], FileRow>(
        `SELECT f.agent, f.mtime_ms, f.size, f.hash, f.entries, coalesce(c.n, 0) AS indexed
         FROM memory_files f LEFT JOIN memory_counts c ON c.agent = f.agent WHERE f.agent = ?`,
      ),
      files: db.prepare<[], FileRow>(
        `SELECT f.agent, f.mtime_ms, f.size, f.hash, f.entries, coalesce(c.n, 0) AS indexed
         FROM memory_files f LEFT JOIN memory_counts c ON c.agent = f.agent`,
      ),
      setFile: db.prepare(
        `INSERT INTO memory_files (agent, mtime_ms, size, hash, entries)
         VALUES (@agent, @mtimeMs, @size, @hash, @entries)
         ON CONFLICT (agent) DO UPDATE
         SET mtime_ms = @mtimeMs, size = @size, hash = @hash, entries = @entries`,
      ),
      dropFile: db.prepare('DELETE FROM memory_files WHERE agent = ?'),
      indexedAgents: db.prepare<[], string>('SELECT agent FROM memory_files').pluck(),
      clearAgent: db.prepare('DELETE FROM memory_entries WHERE agent = ?'),
      insert: db.prepare(
        'INSERT INTO memory_entries (agent, section, date, content) VALUES (?, ?, ?, ?)',
      ),
      update: db.prepare(
        `UPDATE memory_entries SET section = @section, date = @date, content = @content
         WHERE id = (SELECT id FROM memory_entries WHERE agent = @agent AND section = @oldSection
                     AND content = @oldContent LIMIT 1)`,
      ),
      count: db
        .prepare<[string], number>('SELECT count(*) FROM memory_entries WHERE agent = ?')
        .pluck(),
      search: db.prepare<[string, number], EntryRow>(
        `SELECT e.agent, e.section, e.date, e.content, -bm25(memory_fts) AS score
         FROM memory_fts JOIN memory_entries e ON e.id = memory_fts.rowid
         WHERE memory_fts MATCH ? ORDER BY score DESC LIMIT ?`,
      ),
      searchAgents: db.prepare<[string, string, string, number], EntryRow>(
        `SELECT e.agent, e.section, e.date, e.content, -bm25(memory_fts) AS score
         FROM memory_fts JOIN memory_entries e ON e.id = memory_fts.rowid
         WHERE memory_fts MATCH ? AND e.agent IN (?, ?) ORDER BY score DESC LIMIT ?`,
      ),
      critical: db.prepare<[string, string], EntryRow>(
        `SELECT agent, section, date, content, 0 AS score FROM memory_entries
         WHERE agent IN (?, ?) AND section = 'Critical' ORDER BY date DESC, id DESC`,
      ),
      addSession: db.prepare(
        `INSERT INTO memory_sessions (ts, agent, task, outcome, summary, run_id)
         VALUES (@ts, @agent, @task, @outcome, @summary, @runId)`,
      ),
      // Runs after an id, by primary key: a range read, however long the history.
      sessionsAfter: db.prepare<[number], SessionRow>(
        `SELECT id, ts, agent, task, outcome, summary, run_id FROM memory_sessions
         WHERE id > ? ORDER BY id`,
      ),
      lastSessionId: db
        .prepare<[], number>('SELECT coalesce(max(id), 0) FROM memory_sessions')
        .pluck(),
      prune: db.prepare('DELETE FROM memory_sessions WHERE ts < ?'),
      sessionCount: db.prepare<[], number>('SELECT count(*) FROM memory_sessions').pluck(),
    };
    this.replaceAll = db.transaction(
      (agent: string, entries: readonly MemoryEntry[], file: IndexedFile | undefined): void => {
        this.statements.clearAgent.run(agent);
        for (const entry of entries)
          this.statements.insert.run(agent, entry.section, entry.date, entry.content);
        if (file === undefined) this.statements.dropFile.run(agent);
        else this.statements.setFile.run({ agent, ...file });
      },
    );
  }

  file(agent: string): IndexedFileState | undefined {
    const row = this.statements.file.get(agent);
    return row === undefined ? undefined : toFileState(row);
  }

  /** Every indexed file's state, by agent: one query for a sweep over all files. */
  files(): Map<string, IndexedFileState> {
    return new Map(this.statements.files.all().map((row) => [row.agent, toFileState(row)]));
  }

  /** Agents with an indexed file. */
  indexedAgents(): string[] {
    return this.statements.indexedAgents.all();
  }

  /**
   * Replaces everything indexed for `agent` with `entries` (a file re-read in full), in one
   * transaction (a savepoint inside a caller's).
   */
  replace(agent: string, entries: readonly MemoryEntry[], file: IndexedFile | undefined): void {
    this.replaceAll(agent, entries, file);
  }

  private readonly replaceAll: (
    agent: string,
    entries: readonly MemoryEntry[],
    file: IndexedFile | undefined,
  ) => void;

  insert(agent: string, entry: MemoryEntry): void {
    this.statements.insert.run(agent, entry.section, entry.date, entry.content);
  }

  /** Rewrites the indexed copy of `old` as `entry`; false when it is not indexed. */
  update(agent: string, old: MemoryEntry, entry: MemoryEntry): boolean {
    return (
      this.statements.update.run({
        agent,
        oldSection: old.section,
        oldContent: old.content,
        section: entry.section,
        date: entry.date,
        content: entry.content,
      }).changes === 1
    );
  }

  setFile(agent: string, file: IndexedFile): void {
    this.statements.setFile.run({ agent, ...file });
  }

  count(agent: string): number {
    return this.statements.count.get(agent) ?? 0;
  }

  /** Entries matching the FTS query, best first; within `agent` and `also` when given. */
  search(query: string, limit: number, agents?: readonly [string, string]): EntryHit[] {
    const rows =
      agents === undefined
        ? this.statements.search.all(query, limit)
        : this.statements.searchAgents.all(query, agents[0], agents[1], limit);
    return rows;
  }

  /** Critical entries of two agents (an agent and `project`), newest first. */
  critical(agent: string, also: string): EntryHit[] {
    return this.statements.critical.all(agent, also);
  }

  addSession(session: SessionRecord): void {
    this.statements.addSession.run({ ...session, runId: session.runId ?? null });
  }

  /**
   * Past runs that share words with `words` among the latest RECENT_SESSIONS, best first
   * (see PastRunRanker): flat cost however long the history.
   */
  sessions(words: ReadonlySet<string>, limit: number): SessionHit[] {
    return this.pastRuns.rank(words, this.recentSessions(), limit).map(({ run, score }) => ({
      ts: run.ts,
      agent: run.agent,
      task: run.task,
      outcome: run.outcome,
      summary: run.summary,
      runId: run.run_id ?? undefined,
      score,
    }));
  }

  /**
   * The latest RECENT_SESSIONS runs, newest first. Kept between calls: only runs recorded since
   * (by any process: ids only grow) are read. A history that shrank (pruned) is read afresh.
   */
  private recentSessions(): readonly SessionRow[] {
    const last = this.statements.lastSessionId.get() ?? 0;
    const known = this.recent[0]?.id ?? 0;
    if (last < known) this.recent = [];
    if (last !== (this.recent[0]?.id ?? 0)) {
      const floor = Math.max(this.recent[0]?.id ?? 0, last - RECENT_SESSIONS);
      const fresh = this.statements.sessionsAfter.all(floor).reverse();
      this.recent = [...fresh, ...this.recent].filter((row) => row.id > last - RECENT_SESSIONS);
    }
    return this.recent;
  }

  /** Deletes sessions older than `before` (epoch ms); returns how many. */
  pruneSessions(before: number): number {
    this.recent = [];
    return this.statements.prune.run(before).changes;
  }

  sessionCount(): number {
    return this.statements.sessionCount.get() ?? 0;
  }
}
