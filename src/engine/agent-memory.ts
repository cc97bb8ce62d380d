import { join } from 'node:path';
import { PROJECT_DIR } from '../config/index.js';
import { TokenCounter } from '../llm/index.js';
import { MemoryStore, captureLearnings, recall } from '../memory/index.js';
import type { Captured, MemoryStoreOptions } from '../memory/index.js';
import type { Runtime } from '../runtime.js';

/** The longest summary of a run kept in session history. */
const SUMMARY_CHARS = 200;

/** Memory around agent runs: what to recall into a prompt, and what to keep after. */
export interface AgentMemory {
  /** Lines for the prompt's memory block (within `memory.recallTokens`). */
  recall(agent: string, task: string): string[];
  /**
   * Records the run in session history and, when `learn` (a real, fresh answer: not simulated,
   * not from the cache), stores the learnings its answer asks to keep.
   */
  after(run: {
    agent: string;
    task: string;
    outcome: 'succeeded' | 'failed';
    output: string;
    learn: boolean;
    runId?: string | undefined;
  }): Captured[];
}

/**
 * The project's memory files and their index (needs an initialised project). `onAdded` hears
 * of every entry added (the shared store's replica pushes them).
 */
export function openMemoryStore(
  runtime: Runtime,
  onAdded?: MemoryStoreOptions['onAdded'],
): MemoryStore {
  const { loaded } = runtime;
  return new MemoryStore({
    db: runtime.store.db,
    dir: join(loaded.projectRoot, PROJECT_DIR, 'memories'),
    maxBytes: loaded.config.memory.maxKilobytes * 1024,
    ...(onAdded === undefined ? {} : { onAdded }),
  });
}

/**
 * The project's memory for runs, or undefined where there is none: outside an initialised
 * project, or with `memory.enabled: false`.
 */
export function agentMemory(
  runtime: Runtime,
  warn: (message: string) => void,
  onAdded?: MemoryStoreOptions['onAdded'],
): AgentMemory | undefined {
  const { loaded } = runtime;
  const settings = loaded.config.memory;
  if (!loaded.initialized || !settings.enabled) return undefined;
  const store = openMemoryStore(runtime, onAdded);
  const counter = new TokenCounter({});
  return {
    recall(agent, task) {
      if (settings.recallTokens === 0) return [];
      return recall(store, agent, task, {
        budgetTokens: settings.recallTokens,
        countTokens: (text) => counter.countText(text).tokens,
      }).lines;
    },
    after(run) {
      // Memory is best effort: a full disk or a busy database must not fail a run already paid.
      try {
        return remember(run);
      } catch (error) {
        warn(`memory not updated: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }
    },
  };
  function remember(run: Parameters<AgentMemory['after']>[0]): Captured[] {
    const summary = (run.output.split('\n').find((line) => line.trim() !== '') ?? '').trim();
    store.recordSession({
      agent: run.agent,
      task: run.task,
      outcome: run.outcome,
      summary: summary.length > SUMMARY_CHARS ? `${summary.slice(0, SUMMARY_CHARS - 1)}…` : summary,
      runId: run.runId,
    });
    return run.outcome === 'succeeded' && run.learn
      ? captureLearnings(store, run.agent, run.output, { directives: false })
      : [];
  }
}
