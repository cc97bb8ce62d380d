import { join, resolve } from 'node:path';
import { claudeHomeFromEnv } from '../agents/discovery.js';
import { AgentError, UsageError } from '../errors.js';
import { notFoundMessage } from '../routing/closest-names.js';
import type { SkillEntry } from './definition.js';

/** The skills named, in registry order; an unknown name is refused with the closest names. */
export function selectSkills(
  skills: readonly SkillEntry[],
  names: readonly string[] | undefined,
): readonly SkillEntry[] {
  if (names === undefined || names.length === 0) return skills;
  const known = skills.map((entry) => entry.definition.name);
  const missing = names.filter((name) => !known.includes(name));
  if (missing.length > 0) {
    throw new AgentError('skills.not_found', notFoundMessage('skill', missing, known), {
      hint: "run 'claude-hybrid skills list' to see the skills",
      exitCode: 2,
    });
  }
  return skills.filter((entry) => names.includes(entry.definition.name));
}

/**
 * Where skills are deployed: `target` (relative to `cwd`), `user` (Claude Code's user skills,
 * `~/.claude/skills` or `$CLAUDE_CONFIG_DIR/skills`), else `<project>/.claude/skills`.
 */
export function skillTargetDir(options: {
  readonly target: string | undefined;
  readonly user: boolean;
  readonly cwd: string;
  readonly projectRoot: string;
  readonly env: NodeJS.ProcessEnv;
}): string {
  if (options.target !== undefined && options.user)
    throw new UsageError('--target and --user name two targets', 'pass one of them');
  if (options.target !== undefined) return resolve(options.cwd, options.target);
  if (options.user) return join(claudeHomeFromEnv(options.env), 'skills');
  return join(options.projectRoot, '.claude', 'skills');
}
