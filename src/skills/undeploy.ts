import { readFileSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { childPath } from '../agents/agent-directory.js';
import { notWritable } from '../agents/deploy-files.js';
import { SKILL_KIND, runUndeploy, targetEntries } from '../agents/undeploy-plan.js';
import type { DeployedItem } from '../agents/undeploy-plan.js';
import type { UndeployOptions, UndeployReport } from '../agents/undeploy.js';
import { SKILL_FILE } from './definition.js';
import { folderOwnership, manifestOf } from './skill-ownership.js';

export type SkillUndeployOptions = UndeployOptions;
export type SkillUndeployReport = UndeployReport;

/**
 * Removes the skill folders `skills deploy` wrote to `target`, and only those: a folder whose
 * SKILL.md marker still matches and that holds exactly the files its manifest lists, unchanged.
 * One of ours edited since (or with a file added) is kept unless `force`, and then only our
 * files go: a file someone added stays, with its folder. A folder without our marker, or a
 * symbolic link, is never touched. Names are checked first, so a typo removes nothing.
 */
export function undeploySkills(options: SkillUndeployOptions): SkillUndeployReport {
  return runUndeploy(options, SKILL_KIND, targetFolders, removeOurs);
}

/** Every skill folder (or link) directly in the target; a missing target has none. */
function targetFolders(target: string): DeployedItem[] {
  const folders: DeployedItem[] = [];
  for (const entry of targetEntries(target, SKILL_KIND)) {
    const file = join(target, entry.name);
    if (entry.isSymbolicLink()) folders.push({ name: entry.name, file, ownership: 'symlink' });
    else if (entry.isDirectory())
      folders.push({ name: entry.name, file, ownership: folderOwnership(file) });
  }
  return folders.sort((left, right) => (left.name < right.name ? -1 : 1));
}

/** Removes SKILL.md and the files its manifest lists, then the folders left empty. */
function removeOurs(folder: string): void {
  let manifest: Map<string, string>;
  try {
    manifest = manifestOf(readFileSync(childPath(folder, SKILL_FILE), 'utf8'));
  } catch {
    return; // vanished since it was listed: nothing left to remove
  }
  const dirs = new Set<string>([folder]);
  for (const file of [...manifest.keys(), SKILL_FILE]) {
    // The manifest is text anyone can write: a path leaving the folder is never followed.
    if (file.startsWith('/') || file.split('/').includes('..')) continue;
    const path = childPath(folder, file);
    try {
      rmSync(path, { force: true });
    } catch (error) {
      throw notWritable(path, error);
    }
    for (let dir = dirname(path); dir.startsWith(folder); dir = dirname(dir)) dirs.add(dir);
  }
  // Deepest first; a folder still holding someone's file stays.
  for (const dir of [...dirs].sort((left, right) => right.length - left.length)) {
    try {
      if (readdirSync(dir).length === 0) rmdirSync(dir);
    } catch {
      // gone already, or not empty: either way not ours to force
    }
  }
}
