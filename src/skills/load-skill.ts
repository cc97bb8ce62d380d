import { basename } from 'node:path';
import { readAgentFile, statAgentFile } from '../agents/agent-file-reader.js';
import { childPath } from '../agents/agent-directory.js';
import type { SkillEntry, SkillFileProblem, SkillFileWarning, SkillScope } from './definition.js';
import { SKILL_FILE } from './definition.js';
import { parseSkillText } from './parse-skill.js';
import { folderFiles } from './skill-folder.js';
import { folderOwnership } from './skill-ownership.js';

export type SkillLoad =
  | {
      readonly kind: 'ok';
      readonly entry: SkillEntry;
      readonly warnings: readonly SkillFileWarning[];
    }
  | { readonly kind: 'invalid'; readonly problem: SkillFileProblem };

/**
 * Reads and parses one skill folder; never throws on bad content. SKILL.md gets the agent
 * files' guards (1 MiB at most, UTF-8 text, no NUL), the folder the file and byte limits.
 */
export function loadSkillFolder(dir: string, scope: SkillScope): SkillLoad {
  const file = childPath(dir, SKILL_FILE);
  const invalid = (error: string, line?: number): SkillLoad => ({
    kind: 'invalid',
    problem: { file, line, error },
  });
  const stat = statAgentFile(file);
  if ('error' in stat) return invalid(stat.error);
  if (!stat.isFile) return invalid('SKILL.md is not a file');
  const read = readAgentFile(file, stat.mtimeMs, stat.size);
  if (read.kind === 'error') return invalid(read.error.replace('agent files', 'SKILL.md files'));
  const outcome = parseSkillText(read.text, file, basename(dir));
  if (outcome.kind === 'invalid') return outcome;
  const listing = folderFiles(dir);
  if (listing.kind === 'error') return invalid(listing.error);
  const warnings = [...outcome.warnings];
  for (const link of listing.links) {
    warnings.push({
      file: childPath(dir, link),
      line: undefined,
      warning: 'a symbolic link in a skill folder: deploy does not copy it',
      kind: 'portability',
    });
  }
  return {
    kind: 'ok',
    entry: {
      definition: outcome.definition,
      scope,
      dir,
      file,
      managed: folderOwnership(dir) === 'managed',
      extraFiles: listing.files,
    },
    warnings,
  };
}
