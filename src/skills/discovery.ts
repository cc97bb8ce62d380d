import { assetDir } from '../files/index.js';
import { tierSourceDirs } from '../agents/discovery.js';
import type { AgentSourceDir, DiscoveryOptions } from '../agents/discovery.js';

export type SkillSourceDir = AgentSourceDir;

/** Where skills come from: the agents' options, without `agents.paths`. */
export type SkillDiscoveryOptions = Omit<DiscoveryOptions, 'configPaths'>;

/**
 * The directories holding skill folders, in precedence order, the agents' tiers: project
 * (`.claude-hybrid/skills`, `.claude/skills`) > custom (`--skills-dir`) > user
 * (`$CLAUDE_HYBRID_HOME/skills`, `~/.claude/skills`) > bundled.
 */
export function skillSourceDirs(options: SkillDiscoveryOptions): SkillSourceDir[] {
  return tierSourceDirs(options, 'skills', () => options.bundledDir ?? bundledSkillsDir());
}

let bundledDir: string | undefined;

/**
 * The bundled skills ship as `NAME/SKILL.md` folders next to the code: `dist/skills/bundled` in
 * a build, `src/skills/bundled` when running from source (tests).
 */
export function bundledSkillsDir(): string {
  bundledDir ??= assetDir(
    import.meta.url,
    ['./skills/bundled', '../skills/bundled', './bundled', '../../dist/skills/bundled'],
    './bundled',
  );
  return bundledDir;
}
