import { renderMemoryFile } from './memory-file.js';
import type { MemoryEntry } from './memory-file.js';
import { NEAR_DUPLICATE, normalizedTokens, similarity } from './similarity.js';

/** After optimisation a file over the trigger is cut down to this share of the cap. */
const TARGET_SHARE = 0.6;
/** Share of the cap above which the oldest entries are dropped. */
const DROP_ABOVE_SHARE = 0.8;
/** A word in more entries than this is too common to pair candidates by. */
const COMMON_WORD = 64;

export interface OptimizeResult {
  readonly agent: string;
  readonly entries: MemoryEntry[];
  readonly bytesBefore: number;
  readonly bytesAfter: number;
  readonly entriesBefore: number;
  readonly entriesAfter: number;
  /** Near-duplicates folded into a newer entry. */
  readonly merged: number;
  /** Oldest entries dropped to get under the cap. */
  readonly dropped: number;
}

/**
 * Keeps a memory file small: near-duplicates within a section are merged (the newer wording
 * stays), then, above 80% of `maxBytes`, the oldest entries are dropped (Critical ones never)
 * until the file is at 60% of it. Candidate pairs come from shared uncommon words, so this is
 * not quadratic in the number of entries.
 */
export function optimizeEntries(
  agent: string,
  entries: readonly MemoryEntry[],
  maxBytes: number,
): OptimizeResult {
  const bytesBefore = Buffer.byteLength(renderMemoryFile(agent, entries));
  const kept = mergeNearDuplicates(entries);
  const merged = entries.length - kept.length;
  let dropped = 0;
  let bytes = Buffer.byteLength(renderMemoryFile(agent, kept));
  if (bytes > maxBytes * DROP_ABOVE_SHARE) {
    // Oldest first (entries without a date count as oldest), Critical excluded.
    const order = kept
      .map((entry, position) => ({ entry, position }))
      .filter(({ entry }) => entry.section !== 'Critical')
      .sort(
        (left, right) =>
          left.entry.date.localeCompare(right.entry.date) || left.position - right.position,
      );
    const drop = new Set<MemoryEntry>();
    for (const { entry } of order) {
      if (bytes <= maxBytes * TARGET_SHARE) break;
      drop.add(entry);
      // Each entry is one "- date: content" line (plus continuation lines) in the file.
      bytes -= Buffer.byteLength(`- ${entry.date}: ${entry.content}\n`);
      dropped += 1;
    }
    const remaining = kept.filter((entry) => !drop.has(entry));
    kept.length = 0;
    kept.push(...remaining);
    bytes = Buffer.byteLength(renderMemoryFile(agent, kept));
  }
  return {
    agent,
    entries: kept,
    bytesBefore,
    bytesAfter: bytes,
    entriesBefore: entries.length,
    entriesAfter: kept.length,
    merged,
    dropped,
  };
}

/** Drops each entry that a later entry of its section nearly repeats. */
function mergeNearDuplicates(entries: readonly MemoryEntry[]): MemoryEntry[] {
  const tokens = entries.map((entry) => normalizedTokens(entry.content));
  const byWord = new Map<string, number[]>();
  tokens.forEach((set, index) => {
    for (const word of set) {
      const list = byWord.get(word);
      if (list === undefined) byWord.set(word, [index]);
      else list.push(index);
    }
  });
  const superseded = new Set<number>();
  entries.forEach((entry, index) => {
    const candidates = new Set<number>();
    for (const word of tokens[index] ?? []) {
      const list = byWord.get(word) ?? [];
      if (list.length > COMMON_WORD) continue;
      for (const other of list) if (other > index) candidates.add(other);
    }
    for (const other of candidates) {
      const later = entries[other];
      if (later === undefined || later.section !== entry.section) continue;
      if (similarity(entry.content, later.content) >= NEAR_DUPLICATE) {
        superseded.add(index);
        break;
      }
    }
  });
  return entries.filter((_, index) => !superseded.has(index));
}
