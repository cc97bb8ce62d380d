/**
 * dist/memory.cjs: agent memory files, their index and capture. Loaded by the `memory` and
 * `code` commands when they first need it.
 */
export {
  MEMORY_SECTIONS,
  MemoryReplica,
  MemoryStore,
  PROJECT_MEMORY,
  captureLearnings,
  isCalendarDate,
  isMemoryName,
  parseMemoryFile,
  sectionOf,
} from '../../memory/index.js';
export type { ImportGroup, ImportReport } from '../../memory/index.js';
