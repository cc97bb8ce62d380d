import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HybridError } from '../errors.js';
import {
  PRIVATE_FILE_MODE,
  ensurePrivateDir,
  fastHashHex,
  writeFileAtomic,
} from '../files/index.js';
import { checkContent, parseMemoryFile, renderMemoryFile } from './memory-file.js';
import type { MemoryEntry, MemoryProblem, MemorySection } from './memory-file.js';
import { MemoryIndex, anyWordQuery } from './memory-index.js';
import type { EntryHit, IndexedFileState, SessionRecord } from './memory-index.js';
import { emptyImportReport, planImport } from './memory-import.js';
import type { ImportGroup, ImportOptions, ImportReport } from './memory-import.js';
import { optimizeEntries } from './optimize.js';
import type { OptimizeResult } from './optimize.js';
import { NEAR_DUPLICATE, similarity } from './similarity.js';
import { PROJECT_MEMORY, isMemoryName } from './memory-store-types.js';
import type {
  AddOutcome,
  MemoryFileView,
  MemoryStoreOptions,
  NewMemory,
} from './memory-store-types.js';

export { PROJECT_MEMORY, isMemoryName };
export type { AddOutcome, MemoryFileView, MemoryStoreOptions, NewMemory };

/** Per-file size cap; reaching 80% of it triggers optimisation on add. */
export const DEFAULT_MAX_BYTES = 80 * 1024;
/** Share of the cap at which an add optimises the file. */
const OPTIMIZE_AT = 0.8;

interface LoadedFile {
  readonly text: string;
  readonly entries: MemoryEntry[];
  readonly problems: MemoryProblem[];
  readonly hash: string;
}

/**
 * Agent memory: markdown files are the source of truth, the SQLite FTS5 index follows them.
 *
 * Every write runs inside one IMMEDIATE transaction of the project database, which is also the
 * lock: concurrent writers (any number of processes) queue on it, each reads the file as the
 * last one left it, and the file is replaced atomically (temp file, fsync, rename) before the
 * index commits. A crash leaves the file old or new, never torn; if it dies between the rename
 * and the commit, the index is behind the file, and the next use notices (size, mtime, hash)
 * and rebuilds that file's index. The index is never trusted over the file.
 */
export class MemoryStore {
  readonly index: MemoryIndex;
  private readonly dir: string;
  private readonly now: () => number;
  private readonly maxBytes: number;
  private readonly onAdded: MemoryStoreOptions['onAdded'];
  private dirMade = false;
  /** Parsed files by hash, so an unchanged file is not parsed again in this process. */
  private readonly parsed = new Map<string, LoadedFile>();

  constructor(options: MemoryStoreOptions) {
    this.index = new MemoryIndex(options.db);
    this.dir = options.dir;
    this.now = options.now ?? Date.now;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.onAdded = options.onAdded;
  }

  /**
   * The memory file of `agent`. The name becomes a file name, so only names an agent can have are
   * accepted (letters, digits, `-`, `_`, `:` for plugin agents): never a path.
   */
  fileOf(agent: string): string {
    if (!isMemoryName(agent))
      throw new HybridError(
        'memory.bad_agent_name',
        `"${agent.slice(0, 80)}" is not an agent name`,
        {
          hint: 'agent names are letters, digits, - and _',
          exitCode: 2,
        },
      );
    return join(this.dir, `${agent}.md`);
  }

  /** Agents that have a memory file, `project` included, sorted. */
  agents(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((name) => name.endsWith('.md'))
      .map((name) => name.slice(0, -3))
      .filter(isMemoryName)
      .sort();
  }

  add(agent: string, content: string, section: MemorySection = 'Notes'): AddOutcome {
    const [outcome] = this.addMany(agent, [{ content, section }]);
    return outcome ?? { status: 'rejected', reason: 'nothing to add' };
  }

  /**
   * Adds entries to one agent's file in one write. A near-duplicate of an entry already there
   * (similarity >= 0.85) replaces it, dated today, instead of adding another.
   */
  addMany(agent: string, items: readonly NewMemory[]): AddOutcome[] {
    const today = new Date(this.now()).toISOString().slice(0, 10);
    const checked = items.map((item) => ({ item, check: checkContent(item.content) }));
    if (checked.every(({ check }) => !check.ok))
      return checked.map(({ check }) => ({
        status: 'rejected',
        reason: check.ok ? '' : check.reason,
      }));
    const outcomes = this.index.db
      .transaction((): AddOutcome[] => {
        const loaded = this.freshForWrite(agent);
        const entries = [...loaded.entries];
        const outcomes = checked.map(({ item, check }): AddOutcome => {
          if (!check.ok) return { status: 'rejected', reason: check.reason };
          const section = item.section ?? 'Notes';
          const twin = this.nearDuplicate(agent, check.content, entries);
          if (twin === undefined) {
            const entry = { section, date: today, content: check.content };
            entries.push(entry);
            this.index.insert(agent, entry);
            return { status: 'added', entry };
          }
          const entry = {
            section:
              twin.section === 'Critical' || section === 'Critical' ? 'Critical' : twin.section,
            date: today,
            content: check.content,
          };
          entries[entries.indexOf(twin)] = entry;
          this.index.update(agent, twin, entry);
          return { status: 'merged', entry, replaced: twin };
        });
        const text = renderMemoryFile(agent, entries);
        if (Buffer.byteLength(text) > this.maxBytes * OPTIMIZE_AT) {
          const optimized = optimizeEntries(agent, entries, this.maxBytes);
          this.index.replace(agent, optimized.entries, undefined);
          this.write(agent, optimized.entries);
        } else this.write(agent, entries, text);
        return outcomes;
      })
      .immediate();
    if (this.onAdded !== undefined) {
      const added = outcomes.flatMap((outcome) =>
        outcome.status === 'rejected' ? [] : [outcome.entry],
      );
      if (added.length > 0) this.onAdded(agent, added);
    }
    return outcomes;
  }

  /**
   * Imports `memory export` entries, keeping their dates, in one transaction over every file:
   * all of it or, when a file would outgrow its cap, none of it (`memory.import_too_large`)
   * unless `allowEvict`. See memory-import.ts for what the report counts.
   */
  importAll(groups: readonly ImportGroup[], options: ImportOptions = {}): ImportReport {
    const today = new Date(this.now()).toISOString().slice(0, 10);
    const report = emptyImportReport();
    const announced: { agent: string; entries: MemoryEntry[] }[] = [];
    const announce = this.onAdded !== undefined && options.announce !== false;
    this.index.db
      .transaction((): void => {
        // Every file is planned (and the cap checked) before any is written.
        const planned = groups.map((group) => {
          const existing = this.freshForWrite(group.agent).entries;
          return {
            agent: group.agent,
            existing,
            ...planImport({
              agent: group.agent,
              existing,
              items: group.entries,
              today,
              maxBytes: this.maxBytes,
              limitBytes: this.maxBytes * OPTIMIZE_AT,
              allowEvict: options.allowEvict === true,
              index: {
                nearDuplicate: (content, entries) =>
                  this.nearDuplicate(group.agent, content, entries),
                insert: (entry) => {
                  this.index.insert(group.agent, entry);
                },
                update: (old, entry) => {
                  this.index.update(group.agent, old, entry);
                },
              },
              report,
            }),
          };
        });
        for (const { agent, existing, entries, optimized, changed } of planned) {
          if (!changed) continue;
          if (optimized) this.index.replace(agent, entries, undefined);
          this.write(agent, entries);
          if (!announce) continue;
          // New or rewritten by the import: what was not there, as it was, before.
          const before = new Set(existing);
          const added = entries.filter((entry) => !before.has(entry));
          if (added.length > 0) announced.push({ agent, entries: added });
        }
      })
      .immediate();
    for (const { agent, entries } of announced) this.onAdded?.(agent, entries);
    return report;
  }

  /** The entries of one file as it is now (re-indexed first if it changed). */
  show(agent: string): MemoryFileView {
    const loaded = this.fresh(agent);
    return {
      agent,
      file: this.fileOf(agent),
      bytes: Buffer.byteLength(loaded.text),
      entries: loaded.entries,
      problems: loaded.problems,
    };
  }

  /** Entries matching `query` (any of its words, ranked by BM25), from every file or two. */
  search(query: string, options: { agent?: string; limit?: number } = {}): EntryHit[] {
    const match = anyWordQuery(query);
    if (match === undefined) return [];
    const limit = options.limit ?? 10;
    if (options.agent === undefined) {
      this.freshAll();
      return this.index.search(match, limit);
    }
    this.sync(options.agent);
    this.sync(PROJECT_MEMORY);
    return this.index.search(match, limit, [options.agent, PROJECT_MEMORY]);
  }

  /** Appends a run to session history. */
  recordSession(session: Omit<SessionRecord, 'ts'>): void {
    this.index.addSession({ ...session, ts: this.now() });
  }

  /** Removes session history older than `ageMs`; returns how many runs were removed. */
  prune(ageMs: number): number {
    return this.index.pruneSessions(this.now() - ageMs);
  }

  /**
   * Merges near-duplicates and, over 80% of the size cap, drops the oldest entries (never
   * Critical ones). With `dryRun` nothing is written; the report says what would change.
   */
  optimize(agent: string, dryRun = false): OptimizeResult {
    return this.index.db
      .transaction((): OptimizeResult => {
        const loaded = this.freshForWrite(agent);
        const result = optimizeEntries(agent, loaded.entries, this.maxBytes);
        if (!dryRun && (result.merged > 0 || result.dropped > 0)) {
          this.index.replace(agent, result.entries, undefined);
          this.write(agent, result.entries);
        }
        return result;
      })
      .immediate();
  }

  /** Every file's entries, for export. */
  exportAll(): Record<string, readonly MemoryEntry[]> {
    const memories: Record<string, readonly MemoryEntry[]> = {};
    for (const agent of this.agents()) memories[agent] = this.fresh(agent).entries;
    return memories;
  }

  /** Brings the index in step with every file on disk (and forgets files removed by hand). */
  freshAll(): void {
    this.index.db.transaction(() => {
      const present = new Set(this.agents());
      const files = this.index.files();
      for (const agent of present) this.sync(agent, files.get(agent) ?? null);
      for (const agent of files.keys())
        if (!present.has(agent)) this.index.replace(agent, [], undefined);
    })();
  }

  /**
   * Brings the index in step with one file, reading it only when its size or mtime moved since
   * it was indexed: what search and recall need before they query.
   */
  sync(agent: string, known?: IndexedFileState | null): void {
    const indexed = known === undefined ? this.index.file(agent) : (known ?? undefined);
    if (indexed !== undefined) {
      let stats: { mtimeMs: number; size: number } | undefined;
      try {
        stats = statSync(this.fileOf(agent));
      } catch {
        stats = undefined;
      }
      // The file is as indexed, and the index still holds all of it: nothing to do.
      if (
        stats !== undefined &&
        stats.size === indexed.size &&
        stats.mtimeMs === indexed.mtimeMs &&
        indexed.indexed === indexed.entries
      )
        return;
    }
    this.fresh(agent);
  }

  /**
   * The file as it is, with the index brought in step: rebuilt when the file's hash differs from
   * the indexed one or the index does not hold all of it. With `trustStat` (reads), a file whose
   * size and mtime are as indexed is not even read again; writes always read it.
   */
  fresh(agent: string, trustStat = true): LoadedFile {
    const file = this.fileOf(agent);
    let stats: { mtimeMs: number; size: number } | undefined;
    try {
      stats = statSync(file);
    } catch {
      stats = undefined;
    }
    const indexed = this.index.file(agent);
    if (stats === undefined) {
      if (indexed !== undefined || this.index.count(agent) > 0)
        this.index.replace(agent, [], undefined);
      return { text: '', entries: [], problems: [], hash: '' };
    }
    const cached = indexed === undefined ? undefined : this.parsed.get(indexed.hash);
    if (
      trustStat &&
      cached !== undefined &&
      indexed !== undefined &&
      indexed.size === stats.size &&
      indexed.mtimeMs === stats.mtimeMs &&
      indexed.indexed === indexed.entries
    )
      return cached;
    const loaded = this.read(file);
    const state = {
      mtimeMs: stats.mtimeMs,
      size: stats.size,
      hash: loaded.hash,
      entries: loaded.entries.length,
    };
    if (indexed?.hash !== loaded.hash || this.index.count(agent) !== loaded.entries.length)
      this.index.replace(agent, loaded.entries, state);
    else this.index.setFile(agent, state);
    return loaded;
  }

  /** Inside a write transaction: the file as it is now, with the index in step. */
  private freshForWrite(agent: string): LoadedFile {
    return this.fresh(agent, false);
  }

  private read(file: string): LoadedFile {
    const text = readFileSync(file, 'utf8');
    const hash = fastHashHex(text);
    const cached = this.parsed.get(hash);
    if (cached !== undefined && cached.text === text) return cached;
    const { entries, problems } = parseMemoryFile(text);
    const loaded = { text, entries, problems, hash };
    this.remember(loaded);
    return loaded;
  }

  /** Replaces the file with `entries` (atomically) and records its new state in the index. */
  private write(agent: string, entries: MemoryEntry[], rendered?: string): void {
    const text = rendered ?? renderMemoryFile(agent, entries);
    if (!this.dirMade) ensurePrivateDir(this.dir);
    this.dirMade = true;
    const file = this.fileOf(agent);
    // Memories are user data: owner-only, like everything under .claude-hybrid/.
    writeFileAtomic(file, text, PRIVATE_FILE_MODE);
    const stats = statSync(file);
    const hash = fastHashHex(text);
    this.index.setFile(agent, {
      mtimeMs: stats.mtimeMs,
      size: stats.size,
      hash,
      entries: entries.length,
    });
    // What was rendered reads back as these entries (the format round-trips): no re-parse.
    this.remember({ text, entries, problems: [], hash });
  }

  private remember(loaded: LoadedFile): void {
    if (this.parsed.size >= 64) this.parsed.clear();
    this.parsed.set(loaded.hash, loaded);
  }

  /** The entry of `entries` that `content` nearly repeats, found through the index. */
  private nearDuplicate(
    agent: string,
    content: string,
    entries: readonly MemoryEntry[],
  ): MemoryEntry | undefined {
    const match = anyWordQuery(content);
    if (match === undefined) return undefined;
    let best: { entry: MemoryEntry; score: number } | undefined;
    for (const hit of this.index.search(match, 8, [agent, agent])) {
      const score = similarity(hit.content, content);
      if (score < NEAR_DUPLICATE || (best !== undefined && score <= best.score)) continue;
      const entry = entries.find(
        (candidate) => candidate.content === hit.content && candidate.section === hit.section,
      );
      if (entry !== undefined) best = { entry, score };
    }
    return best?.entry;
  }
}
