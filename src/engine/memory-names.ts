import { HybridError } from '../errors.js';
import { PROJECT_MEMORY } from '../memory/index.js';
import { notFoundMessage } from '../routing/index.js';
import type { Engine } from './engine.js';

/**
 * `name` when memory may be kept under it (an agent of the project, or `project`); else
 * `memory.unknown_agent` with the closest names. A name is never used as a path unchecked.
 */
export function memoryAgent(engine: Engine, name: string): string {
  const names = [
    PROJECT_MEMORY,
    ...engine.runtime.registry.load().agents.map((entry) => entry.definition.name),
  ];
  if (names.includes(name)) return name;
  throw new HybridError('memory.unknown_agent', notFoundMessage('agent', name, names), {
    exitCode: 2,
    hint: `use an agent of this project, or ${PROJECT_MEMORY} for facts every agent needs`,
  });
}
