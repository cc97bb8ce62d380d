import type { MemoryEntry } from './memory-file.js';
import { anyWordQuery } from './memory-index.js';
import { runWords } from './past-runs.js';
import { PROJECT_MEMORY } from './memory-store.js';
import type { MemoryStore } from './memory-store.js';

/** Default token budget of recalled memory in a prompt. */
export const DEFAULT_RECALL_TOKENS = 800;
/** Relevant entries and past runs considered (the budget usually takes fewer). */
const RELEVANT_ENTRIES = 12;
const PAST_RUNS = 3;
/** Below this share of the budget by the character estimate, lines are not counted exactly. */
const EXACT_ABOVE_SHARE = 0.5;

export interface RecallOptions {
  /** @default 800 */
  readonly budgetTokens?: number;
  /** Tokens of a text (the engine's counter); only called when the budget could be reached. */
  readonly countTokens: (text: string) => number;
}

export interface Recalled {
  /** Lines for the prompt's memory block, most important first. */
  readonly lines: string[];
  readonly tokens: number;
  /** How many lines of each kind made it into the budget. */
  readonly critical: number;
  readonly relevant: number;
  readonly sessions: number;
}

interface Candidate {
  readonly kind: 'critical' | 'relevant' | 'sessions';
  readonly line: string;
}

function entryLine(entry: MemoryEntry & { agent: string }): string {
  return `[${entry.section}${entry.agent === PROJECT_MEMORY ? ', project' : ''}] ${entry.content}`;
}

/**
 * What an agent should remember for a task: its Critical entries and the project's, then the
 * entries most relevant to the task (FTS5 BM25 over the agent's and the project's memory), then
 * similar past runs, packed whole into a token budget (an entry that does not fit is left out,
 * never cut).
 */
export function recall(
  store: MemoryStore,
  agent: string,
  task: string,
  options: RecallOptions,
): Recalled {
  const budget = options.budgetTokens ?? 800;
  store.sync(agent);
  store.sync(PROJECT_MEMORY);
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  const push = (kind: Candidate['kind'], line: string): void => {
    if (seen.has(line)) return;
    seen.add(line);
    candidates.push({ kind, line });
  };
  // The agent's own Critical entries before the project's, newest first within each.
  const critical = store.index.critical(agent, PROJECT_MEMORY);
  for (const entry of [
    ...critical.filter((hit) => hit.agent === agent),
    ...critical.filter((hit) => hit.agent !== agent),
  ])
    push('critical', entryLine(entry));
  const query = anyWordQuery(task);
  if (query !== undefined) {
    for (const entry of store.index.search(query, RELEVANT_ENTRIES, [agent, PROJECT_MEMORY]))
      push('relevant', entryLine(entry));
    // A past run of this very task is left out: the response cache answers an identical
    // request, and recalling it would change the prompt and defeat that.
    for (const run of store.index
      .sessions(runWords(task), PAST_RUNS + 1)
      .filter((past) => past.task !== task)
      .slice(0, PAST_RUNS))
      push(
        'sessions',
        `Past run (${new Date(run.ts).toISOString().slice(0, 10)}, ${run.agent}, ${run.outcome}): ${run.task.slice(0, 160)} → ${run.summary}`,
      );
  }
  // Lines are counted exactly only when the rough estimate says the budget could matter.
  const estimate = candidates.reduce(
    (sum, candidate) => sum + Math.ceil(candidate.line.length / 4),
    0,
  );
  const count =
    estimate <= budget * EXACT_ABOVE_SHARE
      ? (text: string): number => Math.ceil(text.length / 4)
      : options.countTokens;
  const lines: string[] = [];
  const taken = { critical: 0, relevant: 0, sessions: 0 };
  let tokens = 0;
  for (const candidate of candidates) {
    // Each line is "- " plus the line and a newline in the memory block.
    const cost = count(`- ${candidate.line}\n`);
    if (tokens + cost > budget) continue;
    tokens += cost;
    lines.push(candidate.line);
    taken[candidate.kind] += 1;
  }
  return { lines, tokens, ...taken };
}
