import { childPath } from '../agents/agent-directory.js';
import { resolveByPrecedence } from '../agents/precedence.js';
import type { DuplicateRecord, ShadowRecord } from '../agents/precedence.js';
import type { SkillEntry, SkillFileProblem, SkillFileWarning, SkillScope } from './definition.js';
import { skillSourceDirs } from './discovery.js';
import type { SkillDiscoveryOptions, SkillSourceDir } from './discovery.js';
import { loadSkillFolder } from './load-skill.js';
import { listSkillFolders } from './skill-folder.js';

export interface ScannedSkillDir {
  readonly dir: string;
  readonly scope: SkillScope;
  readonly explicit: boolean;
  readonly exists: boolean;
  readonly skills: number;
}

export interface SkillSnapshot {
  /** Effective skills, one per name, sorted by name. */
  readonly skills: readonly SkillEntry[];
  readonly shadowed: readonly ShadowRecord[];
  readonly duplicates: readonly DuplicateRecord[];
  readonly invalid: readonly SkillFileProblem[];
  readonly warnings: readonly SkillFileWarning[];
  readonly dirs: readonly ScannedSkillDir[];
  /** Skill folders found, and how many of them are valid. */
  readonly stats: { readonly files: number; readonly valid: number };
}

/**
 * Discovers skill folders in every tier and resolves names by the agents' precedence
 * (project > custom > user > bundled; our deployed copies only stand in for a missing
 * original). Invalid folders are reported and skipped; loading never throws on a bad file.
 */
export class SkillRegistry {
  readonly sourceDirs: readonly SkillSourceDir[];

  constructor(options: SkillDiscoveryOptions) {
    this.sourceDirs = skillSourceDirs(options);
  }

  load(): SkillSnapshot {
    const invalid: SkillFileProblem[] = [];
    const warnings: SkillFileWarning[] = [];
    const dirs: ScannedSkillDir[] = [];
    const entries: SkillEntry[] = [];
    let folders = 0;
    for (const source of this.sourceDirs) {
      const listing = listSkillFolders(source.dir);
      dirs.push({
        dir: source.dir,
        scope: source.scope,
        explicit: source.explicit,
        exists: listing.exists,
        skills: listing.folders.length,
      });
      if (listing.error !== undefined)
        invalid.push({ file: source.dir, line: undefined, error: listing.error });
      for (const name of listing.folders) {
        folders += 1;
        const loaded = loadSkillFolder(childPath(source.dir, name), source.scope);
        if (loaded.kind === 'invalid') invalid.push(loaded.problem);
        else {
          warnings.push(...loaded.warnings);
          entries.push(loaded.entry);
        }
      }
    }
    const { winners, shadowed, duplicates } = resolveByPrecedence(entries);
    return {
      skills: winners,
      shadowed,
      duplicates,
      invalid,
      warnings,
      dirs,
      stats: { files: folders, valid: entries.length },
    };
  }
}
