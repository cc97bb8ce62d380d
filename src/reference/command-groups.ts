import type { CommandGroup } from '../cli/command.js';
import { COMMANDS } from '../cli/commands/registry.js';

/**
 * Every command group, in the command table's order. Loads every command module, which the CLI
 * never does in one process: only the reference docs need them all.
 */
export async function loadCommandGroups(): Promise<CommandGroup[]> {
  return Promise.all(COMMANDS.map((entry) => entry.load()));
}
