export { captureLearnings, rememberedCount } from './capture.js';
export type { Captured } from './capture.js';
export { extractMemories } from './extract.js';
export type { ExtractedMemory } from './extract.js';
export {
  MAX_ENTRY_BYTES,
  MEMORY_SECTIONS,
  checkContent,
  isCalendarDate,
  parseMemoryFile,
  renderMemoryFile,
  sectionOf,
} from './memory-file.js';
export type { MemoryEntry, MemoryProblem, MemorySection } from './memory-file.js';
export { MemoryIndex, anyWordQuery } from './memory-index.js';
export type { EntryHit, SessionHit, SessionRecord } from './memory-index.js';
export { DEFAULT_MAX_BYTES, MemoryStore, PROJECT_MEMORY, isMemoryName } from './memory-store.js';
export type { AddOutcome, MemoryFileView, MemoryStoreOptions, NewMemory } from './memory-store.js';
export { importTooLargeError } from './memory-import.js';
export type { ImportGroup, ImportOptions, ImportReport, ImportedMemory } from './memory-import.js';
export { MemoryReplica } from './memory-replica.js';
export type { MemoryReplicaOptions } from './memory-replica.js';
export type { LoggedMemory, LoggedMemoryRow, SharedMemoryLog } from './shared-memory-log.js';
export { optimizeEntries } from './optimize.js';
export type { OptimizeResult } from './optimize.js';
export { DEFAULT_RECALL_TOKENS, recall } from './recall.js';
export type { RecallOptions, Recalled } from './recall.js';
export { NEAR_DUPLICATE, normalizedTokens, similarity } from './similarity.js';
