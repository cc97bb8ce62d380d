import { HybridError } from '../errors.js';
import type { MemorySection } from './memory-file.js';

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
