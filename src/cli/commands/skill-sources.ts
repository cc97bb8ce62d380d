import type { LoadedConfig } from '../../config/index.js';
import { skillRegistryForConfig, skillTargetDir } from '../../skills/index.js';
import type { SkillRegistry } from '../../skills/index.js';
import { flag, stringValue, stringValues } from '../args.js';
import type { CliContext, OptionSpec, ParsedValues } from '../command.js';
import { checkExplicitDirs } from './agent-sources.js';

/** Options of every command that discovers skills (the agents' `--agents-dir`, `--no-bundled`). */
export const SKILL_SOURCE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'skills-dir': {
    type: 'string',
    multiple: true,
    value: 'DIR',
    description: 'Also load skills from DIR, a folder of NAME/SKILL.md folders (scope "custom")',
  },
  'no-bundled': { type: 'boolean', description: 'Leave the bundled skills out' },
};

/** Where deployed skills go: `--target`, `--user` (Claude Code's user skills) or the project. */
export const SKILL_TARGET_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  target: {
    type: 'string',
    value: 'DIR',
    description: 'Target directory (default: .claude/skills in the project)',
  },
  user: {
    type: 'boolean',
    description: "Use Claude Code's user skills, ~/.claude/skills (or $CLAUDE_CONFIG_DIR/skills)",
  },
};

/** Loads config and the skill registry; explicit dirs must exist. */
export async function registryForSkills(
  context: CliContext,
  values: ParsedValues,
): Promise<{ registry: SkillRegistry; loaded: LoadedConfig }> {
  const loaded = await context.loadConfig();
  const registry = skillRegistryForConfig(loaded, {
    skillDirs: stringValues(values, 'skills-dir'),
    bundled: !flag(values, 'no-bundled'),
    cwd: context.io.cwd,
    env: context.io.env,
  });
  checkExplicitDirs(registry.sourceDirs, '--skills-dir', 'skill folders (NAME/SKILL.md)');
  return { registry, loaded };
}

/** `--target` (relative to the working directory), `--user`, else `<project>/.claude/skills`. */
export function skillTarget(
  context: CliContext,
  values: ParsedValues,
  loaded: LoadedConfig,
): string {
  return skillTargetDir({
    target: stringValue(values, 'target'),
    user: flag(values, 'user'),
    cwd: context.io.cwd,
    projectRoot: loaded.projectRoot,
    env: context.io.env,
  });
}
