import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { childPath } from '../agents/agent-directory.js';
import { sortPaths } from '../agents/validate-paths.js';
import type { ValidationReport } from '../agents/validate-paths.js';
import type { SkillFileProblem, SkillFileWarning } from './definition.js';
import { SKILL_FILE } from './definition.js';
import { loadSkillFolder } from './load-skill.js';
import { listSkillFolders } from './skill-folder.js';

export type SkillValidationReport = ValidationReport;

/**
 * Validates explicit paths: a SKILL.md, a skill folder (holding one), or a directory of skill
 * folders. Every folder is either parsed or reported with a reason; nothing here throws.
 */
export function validateSkillPaths(paths: readonly string[], cwd: string): SkillValidationReport {
  const folders: string[] = [];
  const invalid: SkillFileProblem[] = [];
  sortPaths(paths, cwd, invalid, {
    file: (absolute) => {
      if (basename(absolute) === SKILL_FILE) folders.push(dirname(absolute));
      else
        invalid.push({
          file: absolute,
          line: undefined,
          error: `not a skill: pass a ${SKILL_FILE}, a folder holding one, or a folder of skill folders`,
        });
    },
    directory: (absolute) => {
      if (isFile(childPath(absolute, SKILL_FILE))) {
        folders.push(absolute);
        return;
      }
      const listing = listSkillFolders(absolute);
      if (listing.error !== undefined)
        invalid.push({ file: absolute, line: undefined, error: listing.error });
      folders.push(...listing.folders.map((name) => childPath(absolute, name)));
    },
  });
  const warnings: SkillFileWarning[] = [];
  const byName = new Map<string, string[]>();
  let valid = 0;
  for (const folder of folders) {
    const loaded = loadSkillFolder(folder, 'custom');
    if (loaded.kind === 'invalid') {
      invalid.push(loaded.problem);
      continue;
    }
    valid += 1;
    warnings.push(...loaded.warnings);
    const list = byName.get(loaded.entry.definition.name) ?? [];
    list.push(loaded.entry.file);
    byName.set(loaded.entry.definition.name, list);
  }
  const duplicates = [...byName]
    .filter(([, list]) => list.length > 1)
    .map(([name, list]) => ({ name, files: list }));
  return { files: folders.length, valid, invalid, duplicates, shadowed: [], warnings };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
