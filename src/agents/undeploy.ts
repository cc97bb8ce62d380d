import { readFileSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AgentError } from '../errors.js';
import { closestNames } from '../routing/closest-names.js';
import { notWritable } from './deploy.js';
import { ownershipOf } from './managed-marker.js';
import type { Ownership } from './managed-marker.js';

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

export interface UndeployKept {
  readonly name: string;
  readonly file: string;
  readonly reason: string;
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

/** One `<name>.md` in the target and whether we wrote it. */
interface TargetFile {
  readonly name: string;
  readonly file: string;
  readonly ownership: Ownership | 'symlink';
}

/**
 * Removes what `agents deploy` wrote to `target`, and only that: a file whose managed-by marker
 * still matches its content. A file of ours someone edited since is theirs now (as deploy treats
 * it) and is kept unless `force`; a file without our marker, or a symbolic link, is never
 * removed, whatever the flags. The names are validated before anything is removed, so a typo
 * removes nothing. A target that does not exist holds nothing of ours.
 */
export function undeployAgents(options: UndeployOptions): UndeployReport {
  const target = resolve(options.target);
  const dryRun = options.dryRun ?? false;
  const files = targetFiles(target);
  const named =
    options.names === undefined || options.names.length === 0 ? undefined : options.names;
  if (named !== undefined) checkNames(named, files, options.known ?? [], target);
  const removed: string[] = [];
  const kept: UndeployKept[] = [];
  const absent: string[] = [];
  const selected =
    named === undefined ? files : files.filter((candidate) => named.includes(candidate.name));
  for (const { name, file, ownership } of selected) {
    if (ownership === 'managed' || (ownership === 'modified' && options.force === true)) {
      if (!dryRun) remove(file);
      removed.push(name);
    } else if (ownership === 'modified') {
      kept.push({
        name,
        file,
        reason: 'edited since claude-hybrid deployed it; pass --force to remove it',
      });
    } else if (named !== undefined) {
      // Foreign files are reported only when asked for by name: a user's own agents are not ours
      // to list, and never ours to remove.
      kept.push({ name, file, reason: `${describeForeign(ownership)}; not removed` });
    }
  }
  if (named !== undefined) {
    for (const name of new Set(named))
      if (!files.some((candidate) => candidate.name === name)) absent.push(name);
  }
  return { target, dryRun, removed, kept, absent };
}

function describeForeign(ownership: Ownership | 'symlink'): string {
  return ownership === 'symlink'
    ? 'a symbolic link, not a file claude-hybrid wrote'
    : 'not written by claude-hybrid';
}

/** Every `*.md` directly in the target, by name; a missing target has none. */
function targetFiles(target: string): TargetFile[] {
  let entries;
  try {
    if (!statSync(target).isDirectory()) {
      throw new AgentError(
        'agents.target_not_directory',
        `undeploy target ${target} is not a directory`,
        { hint: 'pass the directory the agents were deployed to as --target', exitCode: 2 },
      );
    }
    entries = readdirSync(target, { withFileTypes: true });
  } catch (error) {
    if (error instanceof AgentError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []; // fs errors carry an errno code
    throw new AgentError('agents.unreadable', `cannot read the undeploy target ${target}`, {
      hint: 'check the directory permissions',
      cause: error,
      exitCode: 1,
    });
  }
  const files: TargetFile[] = [];
  for (const entry of entries) {
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

function checkNames(
  names: readonly string[],
  files: readonly TargetFile[],
  known: readonly string[],
  target: string,
): void {
  const candidates = [...new Set([...files.map((file) => file.name), ...known])];
  for (const name of names) {
    if (candidates.includes(name)) continue;
    const close = closestNames(name, candidates);
    throw new AgentError(
      'agents.not_found',
      `no agent named "${name}" in ${target}${close.length > 0 ? `; closest: ${close.join(', ')}` : ''}`,
      { hint: "run 'claude-hybrid agents list' to see the agents", exitCode: 2 },
    );
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
