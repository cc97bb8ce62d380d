/** The library's memory types: what `hybrid.memory` adds and finds. */

export interface MemoryAddOptions {
  /** The section of the agent's memory file. @default 'Notes' */
  readonly section?: 'Critical' | 'Environment' | 'Decisions' | 'Patterns' | 'Gotchas' | 'Notes';
}

export interface MemoryAddResult {
  /** `merged`: it replaced a near-duplicate entry; `rejected`: see `reason`. */
  readonly status: 'added' | 'merged' | 'rejected';
  readonly reason: string | null;
}

export interface MemorySearchOptions {
  /** Only this agent's memory (or `project`). @default every agent */
  readonly agent?: string;
  /** @default 10 */
  readonly limit?: number;
}

export interface MemoryHit {
  readonly agent: string;
  readonly section: string;
  readonly date: string;
  readonly content: string;
  /** Relevance, higher is better. */
  readonly score: number;
}
