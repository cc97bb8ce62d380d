import { readdirSync } from 'node:fs';
import { sep } from 'node:path';
import { describeFsError } from './agent-file-reader.js';

/** File name of the per-directory shared prompt appended to that directory's agents. */
export const BASE_AGENT_FILE = 'BASE-AGENT.md';
const SKIPPED_FILES = new Set([BASE_AGENT_FILE, 'README.md']);

export interface Listing {
  readonly exists: boolean;
  readonly files: string[];
  readonly hasBase: boolean;
  readonly error?: string;
}

/** Lists `*.md` agent files of one directory (not recursive), sorted for a stable order. */
export function listAgentFiles(dir: string): Listing {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code; // fs errors carry an errno code
    if (code === 'ENOENT') return { exists: false, files: [], hasBase: false };
    return {
      exists: code !== 'ENOTDIR',
      files: [],
      hasBase: false,
      error: code === 'ENOTDIR' ? 'not a directory' : describeFsError(error),
    };
  }
  const files = names.filter((name) => name.endsWith('.md') && !SKIPPED_FILES.has(name)).sort();
  return { exists: true, files, hasBase: names.includes(BASE_AGENT_FILE) };
}

/**
 * `dir` + `/` + `name` for a normalised absolute `dir` and a plain file name. path.join
 * re-normalises the whole path, which costs measurable time across hundreds of files.
 */
export function childPath(dir: string, name: string): string {
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}
