import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { notWritable } from './deploy-files.js';
import { ownershipOf } from './managed-marker.js';
import { AGENT_KIND, runUndeploy, targetEntries } from './undeploy-plan.js';
import type { DeployedItem, UndeployKept } from './undeploy-plan.js';

export type { UndeployKept } from './undeploy-plan.js';

export interface UndeployOptions {
  /** Absolute directory `agents deploy` wrote to, e.g. `<project>/.claude/agents`. */
  readonly target: string;
  /**
   * Only these agents. @default every file of ours in the target. A name must be a file in the
   * target or one of `known`; any other is rejected with the closest names.
   */
  readonly names?: readonly string[];
  /**
   * Agent names that exist but may not be deployed here (the registry's): named, they are
   * reported as absent instead of rejected, so undeploying twice is not an error. @default []
   */
  readonly known?: readonly string[];
  /** Report what would be removed and remove nothing. @default false */
  readonly dryRun?: boolean;
  /** Also remove files of ours that were edited since deploy wrote them. @default false */
  readonly force?: boolean;
}

export interface UndeployReport {
  readonly target: string;
  readonly dryRun: boolean;
  /** Agents whose deployed file was removed (or, in a dry run, would be). */
  readonly removed: readonly string[];
  /** Files left in place: edited since deploy, or, when named, not written by claude-hybrid. */
  readonly kept: readonly UndeployKept[];
  /** Named agents that have no file in the target. */
  readonly absent: readonly string[];
}

/**
 * Removes what `agents deploy` wrote to `target`, and only that: a file whose managed-by marker
 * still matches its content. A file of ours someone edited since is theirs now (as deploy treats
 * it) and is kept unless `force`; a file without our marker, or a symbolic link, is never
 * removed, whatever the flags. The names are validated before anything is removed, so a typo
 * removes nothing. A target that does not exist holds nothing of ours.
 */
export function undeployAgents(options: UndeployOptions): UndeployReport {
  return runUndeploy(options, AGENT_KIND, targetFiles, remove);
}

/** Every `*.md` directly in the target, by name; a missing target has none. */
function targetFiles(target: string): DeployedItem[] {
  const files: DeployedItem[] = [];
  for (const entry of targetEntries(target, AGENT_KIND)) {
    if (!entry.name.endsWith('.md')) continue;
    const name = entry.name.slice(0, -'.md'.length);
    const file = join(target, entry.name);
    if (entry.isSymbolicLink()) files.push({ name, file, ownership: 'symlink' });
    else if (entry.isFile()) files.push({ name, file, ownership: ownershipOf(read(file)) });
  }
  return files.sort((left, right) => (left.name < right.name ? -1 : 1));
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // vanished or unreadable since it was listed: not ours to remove
  }
}

function remove(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // already gone: the goal
    throw notWritable(file, error);
  }
}
