import { HybridError } from '../errors.js';
import { checkContent, renderMemoryFile } from './memory-file.js';
import type { MemoryEntry, MemorySection } from './memory-file.js';
import { optimizeEntries } from './optimize.js';

/**
 * `memory import` as the store runs it: the types, the report and the refusal.
 *
 * An import is faithful and all-or-nothing. Entries keep their exported dates; a near-duplicate
 * of an entry already there is merged (the newer of the two stays); and when the result would
 * push a memory file past the share of its cap at which the optimiser starts dropping old
 * entries, nothing is written at all unless the caller allows eviction. So an import never
 * loses an existing entry, or one of its own, without being asked to and saying how many.
 */

export interface ImportedMemory {
  readonly content: string;
  /** @default 'Notes' */
  readonly section?: MemorySection;
  /** `YYYY-MM-DD` as exported, or '' for an undated entry. @default today */
  readonly date?: string;
}

export interface ImportGroup {
  readonly agent: string;
  readonly entries: readonly ImportedMemory[];
}

export interface ImportOptions {
  /**
   * Let the size cap drop the oldest entries (existing or imported; Critical ones never) when
   * the import does not fit. Without it such an import is refused with
   * `memory.import_too_large` and nothing is written.
   * @default false
   */
  readonly allowEvict?: boolean;
  /**
   * Tell the store's `onAdded` listener what the import added. A replica applying the shared
   * log passes false, so what it applies is not pushed back.
   * @default true
   */
  readonly announce?: boolean;
}

/**
 * What an import did. Every imported entry is counted once: `added + merged + rejected +
 * dropped` is the number of entries in the file. `evicted` counts entries that were there
 * before and are gone (only with `allowEvict`).
 */
export interface ImportReport {
  /** Imported entries now in a memory file as entries of their own. */
  added: number;
  /** Imported entries folded into a near-duplicate (already there, or earlier in the import). */
  merged: number;
  /** Imported entries refused as content (empty, over 4 KB, control characters). */
  rejected: number;
  /** Imported entries the size cap dropped (only with `allowEvict`). */
  dropped: number;
  /** Entries that were there before the import and the size cap dropped (only with `allowEvict`). */
  evicted: number;
  /** One line per rejected entry: `agent: reason`. */
  problems: string[];
}

export function emptyImportReport(): ImportReport {
  return { added: 0, merged: 0, rejected: 0, dropped: 0, evicted: 0, problems: [] };
}

export function importTooLargeError(
  agent: string,
  bytes: number,
  limitBytes: number,
  maxBytes: number,
): HybridError {
  const kb = (value: number): string => `${Math.ceil(value / 1024)} KB`;
  return new HybridError(
    'memory.import_too_large',
    `importing would make ${agent}'s memory ${kb(bytes)}, over ${kb(limitBytes)} (80% of its ${kb(maxBytes)} cap, memory.maxKilobytes), where old entries get dropped; nothing was imported`,
    {
      hint: 'import fewer entries, raise memory.maxKilobytes, or pass --allow-evict to let the oldest entries go (Critical ones stay)',
      exitCode: 2,
    },
  );
}

/** What the store lends a plan: the near-duplicate lookup and the index updates of one file. */
export interface ImportIndex {
  nearDuplicate(content: string, entries: readonly MemoryEntry[]): MemoryEntry | undefined;
  insert(entry: MemoryEntry): void;
  update(old: MemoryEntry, entry: MemoryEntry): void;
}

export interface ImportPlanInput {
  readonly agent: string;
  /** The file's entries as it is now. */
  readonly existing: readonly MemoryEntry[];
  readonly items: readonly ImportedMemory[];
  /** `YYYY-MM-DD`, for items without a date. */
  readonly today: string;
  /** The file's cap, and the size past which entries get dropped (80% of it), in bytes. */
  readonly maxBytes: number;
  readonly limitBytes: number;
  readonly allowEvict: boolean;
  readonly index: ImportIndex;
  /** Counted into as the plan goes. */
  readonly report: ImportReport;
}

/**
 * The entries one file will hold after the import, counted into `report`; throws
 * `memory.import_too_large` when they pass `limitBytes` and eviction is not allowed. Writes
 * nothing but the index (inside the caller's transaction, so a refusal rolls it back).
 */
export function planImport(input: ImportPlanInput): {
  entries: MemoryEntry[];
  optimized: boolean;
  /** Whether the file changes at all: an import of what is already there writes nothing. */
  changed: boolean;
} {
  const { agent, report, index } = input;
  const entries = [...input.existing];
  // The slots this import created: counted as added, or as dropped if the cap takes them.
  const imported = new Set<MemoryEntry>();
  let changed = false;
  for (const item of input.items) {
    const check = checkContent(item.content);
    if (!check.ok) {
      report.rejected += 1;
      report.problems.push(`${agent}: ${check.reason}`);
      continue;
    }
    const date = item.date ?? input.today;
    const section = item.section ?? 'Notes';
    const twin = index.nearDuplicate(check.content, entries);
    if (twin === undefined) {
      const entry = { section, date, content: check.content };
      entries.push(entry);
      imported.add(entry);
      index.insert(entry);
      changed = true;
      continue;
    }
    report.merged += 1;
    if (date < twin.date) continue; // the entry already there is the newer: it stays
    const entry = {
      section: twin.section === 'Critical' || section === 'Critical' ? 'Critical' : twin.section,
      date,
      content: check.content,
    };
    // The same entry again (a replica meeting its own learning): nothing to change.
    if (entry.section === twin.section && date === twin.date && entry.content === twin.content)
      continue;
    changed = true;
    entries[entries.indexOf(twin)] = entry;
    if (imported.delete(twin)) imported.add(entry);
    index.update(twin, entry);
  }
  let kept = entries;
  const bytes = Buffer.byteLength(renderMemoryFile(agent, entries));
  if (bytes > input.limitBytes) {
    if (!input.allowEvict)
      throw importTooLargeError(agent, bytes, input.limitBytes, input.maxBytes);
    kept = optimizeEntries(agent, entries, input.maxBytes).entries;
    const survivors = new Set(kept);
    for (const entry of entries) {
      if (survivors.has(entry)) continue;
      if (imported.has(entry)) report.dropped += 1;
      else report.evicted += 1;
    }
  }
  for (const entry of kept) if (imported.has(entry)) report.added += 1;
  return { entries: kept, optimized: kept !== entries, changed: changed || kept !== entries };
}
