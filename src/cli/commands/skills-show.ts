import { AgentError } from '../../errors.js';
import { notFoundMessage } from '../../routing/closest-names.js';
import type { Subcommand } from '../command.js';
import { skillDetail } from './skill-json.js';
import { SKILL_SOURCE_OPTIONS, registryForSkills } from './skill-sources.js';

export const skillsShow: Subcommand = {
  name: 'show',
  summary: 'Show one skill: its fields, where it came from, its files and its instructions',
  usage: 'NAME [--json]',
  details:
    "Shows one skill's fields, where it came from (scope and folder), the definitions it\n" +
    'shadows, the other files of its folder, and its instructions. Exit 2 (skills.not_found)\n' +
    'when no skill has that name; the closest names are listed.',
  options: { ...SKILL_SOURCE_OPTIONS },
  positionals: { min: 1, max: 1, name: 'skill NAME' },
  examples: [
    'claude-hybrid skills show review-change',
    'claude-hybrid skills show focused-tests --json',
  ],
  async run(context, values, positionals) {
    const name = positionals[0] ?? '';
    const { registry } = await registryForSkills(context, values);
    const snapshot = registry.load();
    const entry = snapshot.skills.find((candidate) => candidate.definition.name === name);
    if (entry === undefined) {
      throw new AgentError(
        'skills.not_found',
        notFoundMessage(
          'skill',
          name,
          snapshot.skills.map((candidate) => candidate.definition.name),
        ),
        { hint: "run 'claude-hybrid skills list' to see the skills", exitCode: 2 },
      );
    }
    const shadows = snapshot.shadowed
      .filter((record) => record.name === name)
      .map((record) => ({ scope: record.scope, file: record.file }));
    if (context.json) {
      context.writeJson({ ...skillDetail(entry), shadows });
      return 0;
    }
    const { colors } = context;
    const definition = entry.definition;
    const lines = [
      `${colors.bold(definition.name)}  ${colors.dim(`${entry.scope}: ${entry.file}`)}`,
      `${colors.cyan('description'.padEnd(16))}${definition.description}`,
    ];
    if (definition.allowedTools !== undefined)
      lines.push(`${colors.cyan('allowed-tools'.padEnd(16))}${definition.allowedTools.join(', ')}`);
    for (const [key, value] of Object.entries(definition.frontmatter)) {
      if (['name', 'description', 'allowed-tools'].includes(key)) continue;
      lines.push(
        `${colors.cyan(key.padEnd(16))}${typeof value === 'string' ? value : JSON.stringify(value)}`,
      );
    }
    if (entry.extraFiles.length > 0)
      lines.push(`${colors.cyan('files'.padEnd(16))}${entry.extraFiles.join(', ')}`);
    if (entry.managed) lines.push(colors.dim('deployed by claude-hybrid'));
    for (const shadow of shadows) lines.push(colors.dim(`shadows ${shadow.scope}: ${shadow.file}`));
    lines.push('', colors.dim('--- instructions ---'), definition.body.trim());
    context.out(lines.join('\n'));
    return 0;
  },
};
