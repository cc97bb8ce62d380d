import { existsSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { undeploySkills } from '../../skills/index.js';
import { flag, stringValue } from '../args.js';
import type { Subcommand } from '../command.js';
import { printUndeployReport } from './deploy-output.js';
import {
  SKILL_SOURCE_OPTIONS,
  SKILL_TARGET_OPTIONS,
  registryForSkills,
  skillTarget,
} from './skill-sources.js';

export const skillsUndeploy: Subcommand = {
  name: 'undeploy',
  summary: 'Remove the skill folders `skills deploy` wrote, and only those',
  usage: '[NAME...] [--target DIR | --user] [--dry-run] [--force] [--json]',
  details:
    'Removes from .claude/skills (or --target, or with --user ~/.claude/skills) every folder\n' +
    'that `skills deploy` wrote there, or only those of the NAMEs given. A folder without the\n' +
    'managed-by marker, or a symbolic link, is never touched; a deployed folder edited since (a\n' +
    'file changed, removed or added) is kept unless --force, and then only the files deploy wrote\n' +
    'are removed: a file someone added stays. --dry-run reports and removes nothing.\n\n' +
    'Reports removed, kept (with the reason) and absent (named skills not deployed there); --json\n' +
    'prints that report.',
  options: {
    ...SKILL_TARGET_OPTIONS,
    'dry-run': { type: 'boolean', description: 'Report what would be removed and remove nothing' },
    force: { type: 'boolean', description: 'Also remove deployed folders edited since' },
    ...SKILL_SOURCE_OPTIONS,
  },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY, name: 'NAME' },
  examples: [
    'claude-hybrid skills undeploy --dry-run',
    'claude-hybrid skills undeploy review-change',
    'claude-hybrid skills undeploy --user',
  ],
  async run(context, values, names) {
    const { registry, loaded } = await registryForSkills(context, values);
    const target = skillTarget(context, values, loaded);
    // The default target may not exist yet (nothing deployed); a directory named by hand must.
    if (stringValue(values, 'target') !== undefined && !existsSync(target))
      throw new UsageError(
        `--target ${target} does not exist`,
        'pass the directory the skills were deployed to',
      );
    const known = registry.load().skills.map((entry) => entry.definition.name);
    const dryRun = flag(values, 'dry-run');
    const report = undeploySkills({ target, names, known, dryRun, force: flag(values, 'force') });
    if (context.json) context.writeJson(report);
    else printUndeployReport(context, report);
    return 0;
  },
};
