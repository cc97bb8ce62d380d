import { existsSync, lstatSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { AgentError } from '../errors.js';
import { writeFileAtomic } from '../files/index.js';
import type { AgentDefinition, AgentEntry } from './definition.js';
import { markManaged, ownershipOf } from './managed-marker.js';
import { renderAgentFile } from './render-agent.js';

export interface DeployOptions {
  readonly agents: readonly AgentEntry[];
  /** Absolute target directory, e.g. `<project>/.claude/agents`. */
  readonly target: string;
  /** Report what would happen and write nothing. @default false */
  readonly dryRun?: boolean;
  /** Overwrite files we do not own, or that were edited since we wrote them. @default false */
  readonly force?: boolean;
}

export interface DeploySkip {
  readonly name: string;
  readonly file: string;
  readonly reason: string;
}

export interface DeployReport {
  readonly target: string;
  readonly dryRun: boolean;
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly unchanged: readonly string[];
  readonly skipped: readonly DeploySkip[];
}

/**
 * Writes each agent as `<target>/<name>.md`, marked as ours. Idempotent: an unchanged agent is
 * not rewritten. A file we do not own (no marker), or one of ours that someone edited, is never
 * overwritten without `force`. Agents whose definition already lives in the target are skipped.
 * Names are validated kebab-case, so every path stays inside the target.
 */
export function deployAgents(options: DeployOptions): DeployReport {
  const target = resolve(options.target);
  const dryRun = options.dryRun ?? false;
  const created: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  const skipped: DeploySkip[] = [];
  if (!dryRun) ensureWritableDirectory(target);
  for (const entry of options.agents) {
    const name = entry.definition.name;
    const file = join(target, `${name}.md`);
    if (dirname(file) !== target)
      throw new AgentError('agents.bad_name', `agent name "${name}" escapes the target directory`, {
        exitCode: 2,
      });
    if (dirname(resolve(entry.file)) === target) continue; // already defined in the target itself
    const content = deployedAgentText(entry.definition);
    const existing = readExisting(file);
    if (existing === undefined) {
      if (!dryRun) write(file, content);
      created.push(name);
      continue;
    }
    if (existing.text === content) {
      unchanged.push(name);
      continue;
    }
    const ownership = existing.symlink ? 'foreign' : ownershipOf(existing.text);
    if (ownership !== 'managed' && options.force !== true) {
      const reason =
        ownership === 'modified'
          ? 'edited since claude-hybrid deployed it; pass --force to overwrite'
          : 'not written by claude-hybrid; pass --force to overwrite';
      skipped.push({ name, file, reason });
      continue;
    }
    if (!dryRun) write(file, content);
    updated.push(name);
  }
  return { target, dryRun, created, updated, unchanged, skipped };
}

/** An agent's file as deploy writes it: rendered (renderAgentFile) and marked as ours. */
export function deployedAgentText(definition: AgentDefinition): string {
  return markManaged(renderAgentFile(definition));
}

function readExisting(file: string): { text: string; symlink: boolean } | undefined {
  let symlink: boolean;
  try {
    symlink = lstatSync(file).isSymbolicLink();
  } catch {
    return undefined;
  }
  try {
    return { text: readFileSync(file, 'utf8'), symlink };
  } catch {
    return { text: '', symlink: true }; // a dangling or unreadable link: treat as not ours
  }
}

function ensureWritableDirectory(target: string): void {
  try {
    if (existsSync(target) && !statSync(target).isDirectory()) {
      throw new AgentError(
        'agents.target_not_directory',
        `deploy target ${target} exists and is not a directory`,
        {
          hint: 'choose another --target, or move that file away',
          exitCode: 2,
        },
      );
    }
    mkdirSync(target, { recursive: true });
  } catch (error) {
    if (error instanceof AgentError) throw error;
    throw notWritable(target, error);
  }
}

function write(file: string, content: string): void {
  try {
    writeFileAtomic(file, content);
  } catch (error) {
    throw notWritable(dirname(file), error);
  }
}

export function notWritable(path: string, cause: unknown): AgentError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'unknown';
  return new AgentError(
    'fs.not_writable',
    `cannot write to ${relative(process.cwd(), path) || path} (${code})`,
    {
      hint: 'check the directory permissions, or choose another directory',
      cause,
      exitCode: 2,
    },
  );
}
