import type Database from 'better-sqlite3';
import type { MemoryEntry, MemoryProblem, MemorySection } from './memory-file.js';

/** The memory store's names and public shapes (memory-store.ts re-exports them). */

/** Whether `name` can name a memory file: an agent name, never a path. */
export function isMemoryName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_:-]{0,127}$/.test(name);
}

/** The memory every agent shares. */
export const PROJECT_MEMORY = 'project';
export interface MemoryStoreOptions {
  readonly db: Database.Database;
  /** The memory files' folder, `.claude-hybrid/memories`. */
  readonly dir: string;
  /** Epoch ms, for entry dates and session times. @default Date.now */
  readonly now?: () => number;
  /** Size cap of one memory file, in bytes. @default 81920 */
  readonly maxBytes?: number;
  /**
   * Told, after each write commits, the entries an add or an import put in one agent's file
   * (new ones, and the new text of merged ones): how a shared store learns of them. It must not
   * throw or block; a replica applying the shared log does not announce what it applies.
   * @default none
   */
  readonly onAdded?: (agent: string, entries: readonly MemoryEntry[]) => void;
}

export type AddOutcome =
  | { readonly status: 'added'; readonly entry: MemoryEntry }
  | { readonly status: 'merged'; readonly entry: MemoryEntry; readonly replaced: MemoryEntry }
  | { readonly status: 'rejected'; readonly reason: string };

export interface NewMemory {
  readonly content: string;
  /** @default 'Notes' */
  readonly section?: MemorySection;
}

export interface MemoryFileView {
  readonly agent: string;
  readonly file: string;
  readonly bytes: number;
  readonly entries: readonly MemoryEntry[];
  /** What a hand edit broke; every line of the file is still kept as an entry. */
  readonly problems: readonly MemoryProblem[];
}
