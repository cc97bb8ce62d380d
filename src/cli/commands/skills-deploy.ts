import { deploySkills, selectSkills } from '../../skills/index.js';
import { flag } from '../args.js';
import type { Subcommand } from '../command.js';
import { printDeployReport } from './deploy-output.js';
import {
  SKILL_SOURCE_OPTIONS,
  SKILL_TARGET_OPTIONS,
  registryForSkills,
  skillTarget,
} from './skill-sources.js';

export const skillsDeploy: Subcommand = {
  name: 'deploy',
  summary: 'Copy the skills as Claude Code skill folders into .claude/skills (idempotent)',
  usage: '[NAME...] [--target DIR | --user] [--dry-run] [--force] [--json]',
  details:
    'Copies every effective skill (or only the NAMEs given) to .claude/skills/NAME/, or to\n' +
    "--target, or with --user to Claude Code's user skills (~/.claude/skills). Each SKILL.md it\n" +
    'writes carries a managed-by marker listing the hash of every other file it copied; a folder\n' +
    'without the marker, or one edited since (a file changed, removed or added), is left alone\n' +
    'unless --force, and skills already defined in the target are kept. Symbolic links in a\n' +
    'skill folder are not copied. --dry-run reports what would change and writes nothing.\n\n' +
    'Reports created, updated, unchanged and skipped (with the reason); --json prints that report.',
  options: {
    ...SKILL_TARGET_OPTIONS,
    'dry-run': { type: 'boolean', description: 'Report what would change and write nothing' },
    force: { type: 'boolean', description: 'Overwrite folders claude-hybrid does not own' },
    ...SKILL_SOURCE_OPTIONS,
  },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY, name: 'NAME' },
  examples: [
    'claude-hybrid skills deploy',
    'claude-hybrid skills deploy review-change focused-tests --dry-run',
    'claude-hybrid skills deploy --user',
  ],
  async run(context, values, names) {
    const { registry, loaded } = await registryForSkills(context, values);
    const target = skillTarget(context, values, loaded);
    const skills = selectSkills(registry.load().skills, names);
    const dryRun = flag(values, 'dry-run');
    const report = deploySkills({ skills, target, dryRun, force: flag(values, 'force') });
    if (context.json) context.writeJson(report);
    else printDeployReport(context, report, 'skills');
    return 0;
  },
};
