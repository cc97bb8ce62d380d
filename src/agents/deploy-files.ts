import { existsSync, lstatSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { AgentError } from '../errors.js';
import { writeFileAtomic } from '../files/index.js';
import { ownershipOf } from './managed-marker.js';

/**
 * The file-level rules `agents deploy` and `skills deploy` share: what is already at a path,
 * whether we may replace it, and how a target that cannot be written is reported.
 */

/** A file already at a deploy path. A symbolic link is never ours, whatever it points at. */
export interface ExistingFile {
  readonly text: string;
  readonly symlink: boolean;
}

/** What deploy does with one path: write it fresh, leave it, replace it, or skip it (why). */
export type WriteDecision =
  | { readonly kind: 'create' | 'unchanged' | 'update' }
  | { readonly kind: 'skip'; readonly reason: string };

export function readExisting(file: string): ExistingFile | undefined {
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

/**
 * Idempotent and careful: identical content is left alone; a file we do not own (no marker, or
 * a link), or one of ours that someone edited, is replaced only with `force`.
 */
export function decideWrite(
  existing: ExistingFile | undefined,
  content: string,
  force: boolean,
): WriteDecision {
  if (existing === undefined) return { kind: 'create' };
  if (existing.text === content) return { kind: 'unchanged' };
  const ownership = existing.symlink ? 'foreign' : ownershipOf(existing.text);
  if (ownership === 'managed' || force) return { kind: 'update' };
  return { kind: 'skip', reason: skipReason(ownership) };
}

/** Why a path deploy will not replace without --force. */
export function skipReason(ownership: 'modified' | 'foreign'): string {
  return ownership === 'modified'
    ? 'edited since claude-hybrid deployed it; pass --force to overwrite'
    : 'not written by claude-hybrid; pass --force to overwrite';
}

/** Creates the target directory; a file in its place is the user's to move (exit 2). */
export function ensureWritableDirectory(
  target: string,
  code: 'agents.target_not_directory' | 'skills.target_not_directory',
): void {
  try {
    if (existsSync(target) && !statSync(target).isDirectory()) {
      throw new AgentError(code, `deploy target ${target} exists and is not a directory`, {
        hint: 'choose another --target, or move that file away',
        exitCode: 2,
      });
    }
    mkdirSync(target, { recursive: true });
  } catch (error) {
    if (error instanceof AgentError) throw error;
    throw notWritable(target, error);
  }
}

/** Writes one deployed file (and its folder); `mode` keeps a script executable. */
export function writeDeployed(file: string, content: string | Uint8Array, mode = 0o644): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileAtomic(file, content, mode);
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
