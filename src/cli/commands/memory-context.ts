import { join } from 'node:path';
import { PROJECT_DIR } from '../../config/index.js';
import { MemoryStore, PROJECT_MEMORY } from './memory.bundle.js';
import { closestNames } from '../../routing/routing.bundle.js';
import type { Runtime } from '../../runtime.js';
import type { CliContext, ParsedValues } from '../command.js';
import { runtimeForAgents } from './agent-sources.js';
import { memoryError } from './memory-import.js';

export interface MemoryContext {
  readonly store: MemoryStore;
  readonly runtime: Runtime;
  /** Agents a memory may belong to: every discovered agent, and `project`. */
  readonly names: readonly string[];
}

/** Opens the project's memory (needs `init`) for one command, and closes it after. */
export async function withMemory(
  context: CliContext,
  values: ParsedValues,
  use: (memory: MemoryContext) => number | Promise<number>,
): Promise<number> {
  const { runtime, loaded } = await runtimeForAgents(context, values);
  try {
    const store = new MemoryStore({
      db: runtime.store.db,
      dir: join(loaded.projectRoot, PROJECT_DIR, 'memories'),
      maxBytes: loaded.config.memory.maxKilobytes * 1024,
    });
    const names = [
      PROJECT_MEMORY,
      ...runtime.registry.load().agents.map((entry) => entry.definition.name),
    ];
    return await use({ store, runtime, names });
  } finally {
    runtime.close();
  }
}

/** `name` if an agent (or `project`) has it; else an error with the closest names. */
export function knownAgent(name: string, names: readonly string[]): string {
  if (names.includes(name)) return name;
  const close = closestNames(name, names);
  throw memoryError(
    'memory.unknown_agent',
    `no agent named "${name}"${close.length > 0 ? `; closest: ${close.join(', ')}` : ''}`,
    `use an agent from 'claude-hybrid agents list', or ${PROJECT_MEMORY} for facts every agent needs`,
  );
}
