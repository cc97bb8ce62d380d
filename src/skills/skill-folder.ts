import { lstatSync, readdirSync } from 'node:fs';
import { describeFsError } from '../agents/agent-file-reader.js';
import { childPath } from '../agents/agent-directory.js';
import { SKILL_FILE } from './definition.js';

/** A skill folder holds at most this many files and bytes: no real skill comes close. */
export const MAX_SKILL_FILES = 200;
export const MAX_SKILL_BYTES = 10 * 1024 * 1024;
/** Sub-folders deeper than this are not walked. */
const MAX_DEPTH = 8;

export interface SkillDirListing {
  readonly exists: boolean;
  /** Names of the sub-folders that hold a SKILL.md, sorted. */
  readonly folders: string[];
  readonly error?: string;
}

/** The skill folders directly in `dir` (each `NAME/SKILL.md`); a missing dir has none. */
export function listSkillFolders(dir: string): SkillDirListing {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code; // fs errors carry an errno code
    if (code === 'ENOENT') return { exists: false, folders: [] };
    return {
      exists: code !== 'ENOTDIR',
      folders: [],
      error: code === 'ENOTDIR' ? 'not a directory' : describeFsError(error),
    };
  }
  const folders = names
    .filter((name) => !name.startsWith('.') && hasSkillFile(childPath(dir, name)))
    .sort();
  return { exists: true, folders };
}

function hasSkillFile(folder: string): boolean {
  try {
    return lstatSync(childPath(folder, SKILL_FILE)).isFile();
  } catch {
    return false;
  }
}

export type FolderFiles =
  | { readonly kind: 'ok'; readonly files: string[]; readonly links: string[] }
  | { readonly kind: 'error'; readonly error: string };

/**
 * The files of a skill folder other than SKILL.md, relative to it (`/`-separated), sorted.
 * Symbolic links are listed apart (deploy never follows them: they could point anywhere);
 * too many files or bytes is an error, so a hostile folder cannot make us copy a disk.
 */
export function folderFiles(folder: string): FolderFiles {
  const files: string[] = [];
  const links: string[] = [];
  let bytes = 0;
  const walk = (dir: string, prefix: string, depth: number): string | undefined => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      return `cannot list ${dir}: ${describeFsError(error)}`;
    }
    for (const name of names) {
      const relative = prefix === '' ? name : `${prefix}/${name}`;
      if (relative === SKILL_FILE) continue;
      const path = childPath(dir, name);
      let stats;
      try {
        stats = lstatSync(path);
      } catch (error) {
        return `cannot read ${path}: ${describeFsError(error)}`;
      }
      if (stats.isSymbolicLink()) links.push(relative);
      else if (stats.isDirectory()) {
        if (depth >= MAX_DEPTH) return `${relative} is nested deeper than ${MAX_DEPTH} folders`;
        const problem = walk(path, relative, depth + 1);
        if (problem !== undefined) return problem;
      } else if (stats.isFile()) {
        files.push(relative);
        bytes += stats.size;
        if (files.length > MAX_SKILL_FILES)
          return `the skill folder holds more than ${MAX_SKILL_FILES} files`;
        if (bytes > MAX_SKILL_BYTES)
          return `the skill folder holds more than ${MAX_SKILL_BYTES / 1024 / 1024} MiB`;
      }
    }
    return undefined;
  };
  const problem = walk(folder, '', 0);
  return problem === undefined ? { kind: 'ok', files, links } : { kind: 'error', error: problem };
}
