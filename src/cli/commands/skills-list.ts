import { stringValue } from '../args.js';
import type { Subcommand } from '../command.js';
import { checkedScope, listingNotes, scopeOption } from './deploy-output.js';
import { oneLine, renderTable } from '../output.js';
import { skillSummary } from './skill-json.js';
import { SKILL_SOURCE_OPTIONS, registryForSkills } from './skill-sources.js';

export const skillsList: Subcommand = {
  name: 'list',
  summary: 'List the effective skills: name, scope, files and description',
  usage: '[--scope S] [--skills-dir DIR] [--no-bundled] [--json]',
  details:
    "A skill is a folder NAME/ holding SKILL.md (Claude Code's format). scope is where it was\n" +
    'found: project (.claude-hybrid/skills, .claude/skills) > custom (--skills-dir) > user\n' +
    '($CLAUDE_HYBRID_HOME/skills, ~/.claude/skills) > bundled. A name found in several scopes\n' +
    'is taken from the highest; the others are listed as shadowed.\n\n' +
    'JSON: {skills: [{name, description, allowedTools, scope, source, files, managed}],\n' +
    'shadowed, duplicates, invalid, warnings}.',
  options: {
    scope: scopeOption('skills'),
    ...SKILL_SOURCE_OPTIONS,
  },
  positionals: { min: 0, max: 0, name: '' },
  examples: [
    'claude-hybrid skills list',
    'claude-hybrid skills list --scope bundled --json',
    'claude-hybrid skills list --skills-dir ./more-skills --no-bundled',
  ],
  async run(context, values) {
    const scope = checkedScope(stringValue(values, 'scope'), 'skills');
    const { registry } = await registryForSkills(context, values);
    const snapshot = registry.load();
    const skills = snapshot.skills.filter((entry) => scope === undefined || entry.scope === scope);
    if (context.json) {
      context.writeJson({
        skills: skills.map(skillSummary),
        shadowed: snapshot.shadowed,
        duplicates: snapshot.duplicates,
        invalid: snapshot.invalid,
        warnings: snapshot.warnings,
      });
      return 0;
    }
    const { colors } = context;
    const rows = skills.map((entry) => [
      colors.bold(entry.definition.name),
      entry.scope,
      String(entry.extraFiles.length + 1),
      oneLine(entry.definition.description),
    ]);
    if (rows.length === 0) context.out('No skills found.');
    else
      context.out(
        renderTable(
          ['NAME', 'SCOPE', 'FILES', 'DESCRIPTION'],
          rows,
          context.io.stdout.columns ?? 120,
        ),
      );
    listingNotes(context, skills.length, 'skill', snapshot);
    return 0;
  },
};
