import { join } from 'node:path';
import { PROJECT_DIR } from '../../config/index.js';
import { MemoryStore, PROJECT_MEMORY } from './memory.bundle.js';
import { notFoundMessage } from '../../routing/routing.bundle.js';
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

/**
 * Opens the project's memory (needs `init`) for one command, and closes it after. With a shared
 * store (`store.url`) what the command adds is pushed to its memory log, and with `pull` the
 * command first applies what other machines added; a store that cannot be reached is one
 * warning, and the command works on the local memory.
 */
export async function withMemory(
  context: CliContext,
  values: ParsedValues,
  use: (memory: MemoryContext) => number | Promise<number>,
  options: { readonly pull?: boolean } = {},
): Promise<number> {
  const { runtime, loaded } = await runtimeForAgents(context, values);
  const sharing =
    loaded.config.store.url === ''
      ? undefined
      : (await import('./memory-sharing.js')).openMemorySharing(loaded, (message) => {
          context.io.stderr.write(`${context.colors.yellow(`warning: ${message}`)}\n`);
        });
  try {
    const store = new MemoryStore({
      db: runtime.store.db,
      dir: join(loaded.projectRoot, PROJECT_DIR, 'memories'),
      maxBytes: loaded.config.memory.maxKilobytes * 1024,
      ...(sharing === undefined ? {} : { onAdded: sharing.replica.push }),
    });
    if (sharing !== undefined && options.pull === true)
      await sharing.replica.pull(store).catch((error: unknown) => {
        sharing.replica.report('read from', error);
      });
    const names = [
      PROJECT_MEMORY,
      ...runtime.registry.load().agents.map((entry) => entry.definition.name),
    ];
    return await use({ store, runtime, names });
  } finally {
    await sharing?.close();
    runtime.close();
  }
}

/**
 * withMemory for the commands that read: with a shared store, what other machines added is
 * applied first, so they show the memory a run here would recall.
 */
export function withReplica(
  context: CliContext,
  values: ParsedValues,
  use: (memory: MemoryContext) => number | Promise<number>,
): Promise<number> {
  return withMemory(context, values, use, { pull: true });
}

/** `name` if an agent (or `project`) has it; else an error with the closest names. */
export function knownAgent(name: string, names: readonly string[]): string {
  if (names.includes(name)) return name;
  throw memoryError(
    'memory.unknown_agent',
    notFoundMessage('agent', name, names),
    `use an agent from 'claude-hybrid agents list', or ${PROJECT_MEMORY} for facts every agent needs`,
  );
}
