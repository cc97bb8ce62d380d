import { readFileSync, readdirSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { join } from 'node:path';

/**
 * Copies Agent Skills: every subfolder of a directory that holds a `SKILL.md` is one skill, copied
 * whole (its scripts, references and assets with it). Generic over the directory, so it takes
 * the bundled skills, a project's and a user's alike. A directory that does not exist yields no
 * skill; folders without a SKILL.md, symlinks and special files are skipped, so a skill never
 * pulls in a file from outside its folder.
 */

/** A skill found in a directory: its folder name and its files by path relative to the folder. */
export interface SkillFolder {
  readonly name: string;
  readonly files: ReadonlyMap<string, Buffer>;
}

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((left, right) =>
      left.name < right.name ? -1 : left.name > right.name ? 1 : 0,
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code; // fs errors carry an errno code
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}

function collect(dir: string, prefix: string, into: Map<string, Buffer>): void {
  for (const entry of entries(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) collect(path, `${prefix}${entry.name}/`, into);
    else if (entry.isFile()) into.set(`${prefix}${entry.name}`, readFileSync(path));
  }
}

/** The skills in `dir`, sorted by name; none when `dir` does not exist. */
export function readSkillFolders(dir: string): SkillFolder[] {
  const skills: SkillFolder[] = [];
  for (const entry of entries(dir)) {
    if (!entry.isDirectory()) continue;
    const folder = join(dir, entry.name);
    if (!entries(folder).some((file) => file.isFile() && file.name === 'SKILL.md')) continue;
    const files = new Map<string, Buffer>();
    collect(folder, '', files);
    skills.push({ name: entry.name, files });
  }
  return skills;
}
