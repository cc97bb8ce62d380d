import { reportFromSnapshot } from '../../agents/index.js';
import { validateSkillPaths } from '../../skills/index.js';
import type { Subcommand } from '../command.js';
import { printValidation } from './deploy-output.js';
import { SKILL_SOURCE_OPTIONS, registryForSkills } from './skill-sources.js';

export const skillsValidate: Subcommand = {
  name: 'validate',
  summary: 'Check skill folders; exits 2 when any is invalid',
  usage: '[PATH...] [--json]',
  details:
    'With PATHs (a SKILL.md, a skill folder, or a folder of skill folders), checks those;\n' +
    'without, checks every discovery directory. A skill needs a kebab-case name equal to its\n' +
    'folder name (at most 64 characters) and a description (at most 1024). Warnings never\n' +
    'fail the check; "portability" ones mark skills Claude Code loads but the Skills API refuses.\n' +
    'JSON: {files, valid, invalid: [{file, line, error}], duplicates: [{name, files}], shadowed,\n' +
    '  warnings: [{file, line, warning, kind: "portability"|"other"}], portabilityWarnings}.',
  options: { ...SKILL_SOURCE_OPTIONS },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY, name: 'PATH' },
  examples: [
    'claude-hybrid skills validate',
    'claude-hybrid skills validate .claude/skills ./my-skill/SKILL.md --json',
  ],
  async run(context, values, positionals) {
    if (positionals.length > 0)
      return printValidation(context, validateSkillPaths(positionals, context.io.cwd));
    const { registry } = await registryForSkills(context, values);
    return printValidation(context, reportFromSnapshot(registry.load()));
  },
};
