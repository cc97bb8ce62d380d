import type { Dirent } from 'node:fs';
import { readdirSync, statSync } from 'node:fs';
import { AgentError } from '../errors.js';
import { notFoundMessage } from '../routing/closest-names.js';
import type { Ownership } from './managed-marker.js';
import { resolve } from 'node:path';

/**
 * The rules `agents undeploy` and `skills undeploy` share: which deployed items go, which stay
 * and why, and how a mistyped name is refused before anything is removed.
 */

/** What is being undeployed, for messages and error codes. */
export interface DeployKind {
  readonly noun: 'agent' | 'skill';
  readonly notFound: 'agents.not_found' | 'skills.not_found';
  readonly notDirectory: 'agents.target_not_directory' | 'skills.target_not_directory';
  readonly unreadable: 'agents.unreadable' | 'skills.unreadable';
}

export const AGENT_KIND: DeployKind = {
  noun: 'agent',
  notFound: 'agents.not_found',
  notDirectory: 'agents.target_not_directory',
  unreadable: 'agents.unreadable',
};

export const SKILL_KIND: DeployKind = {
  noun: 'skill',
  notFound: 'skills.not_found',
  notDirectory: 'skills.target_not_directory',
  unreadable: 'skills.unreadable',
};

/** One deployed item in the target (an agent file, a skill folder) and whether we wrote it. */
export interface DeployedItem {
  readonly name: string;
  readonly file: string;
  readonly ownership: Ownership | 'symlink';
}

export interface UndeployKept {
  readonly name: string;
  readonly file: string;
  readonly reason: string;
}

export interface UndeployPlan<Item extends DeployedItem> {
  readonly remove: readonly Item[];
  readonly kept: readonly UndeployKept[];
  readonly absent: readonly string[];
}

/**
 * Ours (the marker still matches) goes; ours edited since is theirs now and stays unless
 * `force`; anything without our marker, or a link, never goes, and is reported only when named
 * (a user's own items are not ours to list). Names are checked first, so a typo removes nothing.
 */
export function planUndeploy<Item extends DeployedItem>(
  items: readonly Item[],
  options: {
    readonly names?: readonly string[] | undefined;
    readonly known?: readonly string[] | undefined;
    readonly force?: boolean | undefined;
    readonly target: string;
  },
  kind: DeployKind,
): UndeployPlan<Item> {
  const named =
    options.names === undefined || options.names.length === 0 ? undefined : options.names;
  if (named !== undefined) checkNames(named, items, options.known ?? [], options.target, kind);
  const remove: Item[] = [];
  const kept: UndeployKept[] = [];
  const selected =
    named === undefined ? items : items.filter((candidate) => named.includes(candidate.name));
  for (const item of selected) {
    const { name, file, ownership } = item;
    if (ownership === 'managed' || (ownership === 'modified' && options.force === true)) {
      remove.push(item);
    } else if (ownership === 'modified') {
      kept.push({
        name,
        file,
        reason: 'edited since claude-hybrid deployed it; pass --force to remove it',
      });
    } else if (named !== undefined) {
      const what =
        ownership === 'symlink'
          ? 'a symbolic link, not a file claude-hybrid wrote'
          : 'not written by claude-hybrid';
      kept.push({ name, file, reason: `${what}; not removed` });
    }
  }
  const absent =
    named === undefined
      ? []
      : [...new Set(named)].filter((name) => !items.some((candidate) => candidate.name === name));
  return { remove, kept, absent };
}

/** The entries of an undeploy target; a missing target holds nothing of ours. */
export function targetEntries(target: string, kind: DeployKind): Dirent[] {
  try {
    if (!statSync(target).isDirectory()) {
      throw new AgentError(kind.notDirectory, `undeploy target ${target} is not a directory`, {
        hint: `pass the directory the ${kind.noun}s were deployed to as --target`,
        exitCode: 2,
      });
    }
    return readdirSync(target, { withFileTypes: true });
  } catch (error) {
    if (error instanceof AgentError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []; // fs errors carry an errno code
    throw new AgentError(kind.unreadable, `cannot read the undeploy target ${target}`, {
      hint: 'check the directory permissions',
      cause: error,
      exitCode: 1,
    });
  }
}

function checkNames(
  names: readonly string[],
  items: readonly DeployedItem[],
  known: readonly string[],
  target: string,
  kind: DeployKind,
): void {
  const candidates = [...new Set([...items.map((item) => item.name), ...known])];
  for (const name of names) {
    if (candidates.includes(name)) continue;
    throw new AgentError(
      kind.notFound,
      notFoundMessage(kind.noun, name, candidates, ` in ${target}`),
      { hint: `run 'claude-hybrid ${kind.noun}s list' to see the ${kind.noun}s`, exitCode: 2 },
    );
  }
}

/**
 * The undeploy both kinds run: list the target's items, plan, remove (unless a dry run), and
 * report removed, kept and absent by name.
 */
export function runUndeploy(
  options: {
    readonly target: string;
    readonly names?: readonly string[] | undefined;
    readonly known?: readonly string[] | undefined;
    readonly dryRun?: boolean | undefined;
    readonly force?: boolean | undefined;
  },
  kind: DeployKind,
  list: (target: string) => DeployedItem[],
  remove: (path: string) => void,
): {
  readonly target: string;
  readonly dryRun: boolean;
  readonly removed: readonly string[];
  readonly kept: readonly UndeployKept[];
  readonly absent: readonly string[];
} {
  const target = resolve(options.target);
  const dryRun = options.dryRun ?? false;
  const plan = planUndeploy(list(target), { ...options, target }, kind);
  if (!dryRun) for (const { file } of plan.remove) remove(file);
  return {
    target,
    dryRun,
    removed: plan.remove.map((item) => item.name),
    kept: plan.kept,
    absent: plan.absent,
  };
}
