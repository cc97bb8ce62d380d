import { INSTALL_HINT } from './plugin-relay-script.js';

/**
 * The skills that act as commands: `/claude-hybrid:route`, `:status`, `:workflow` and `:memory`.
 * Each one's body tells Claude to run the matching `claude-hybrid` command with the user's
 * arguments (`$ARGUMENTS`, which Claude Code substitutes) and show its output. They are for the
 * user to invoke, so the model does not pick them on its own (`disable-model-invocation`), and
 * each may run only its own command without a permission prompt (`allowed-tools`).
 */
interface CommandSkill {
  readonly name: string;
  readonly description: string;
  readonly argumentHint: string;
  /** The command line, `$ARGUMENTS` standing for what the user typed after the skill's name. */
  readonly command: string;
  /** What to run when the user typed nothing after the skill's name. */
  readonly withoutArguments?: string;
}

const COMMAND_SKILLS: readonly CommandSkill[] = [
  {
    name: 'route',
    description:
      'Pick the claude-hybrid agent and model for a task and explain why (claude-hybrid route).',
    argumentHint: '<task>',
    command: 'claude-hybrid route $ARGUMENTS',
  },
  {
    name: 'status',
    description:
      'Check claude-hybrid here: daemon, hooks or plugin, MCP server, agents, store (claude-hybrid doctor).',
    argumentHint: '[--json]',
    command: 'claude-hybrid doctor $ARGUMENTS',
  },
  {
    name: 'workflow',
    description:
      'Run, resume, list or inspect claude-hybrid durable multi-agent workflows (claude-hybrid workflow).',
    argumentHint: '[run NAME | list | status RUN | ...]',
    command: 'claude-hybrid workflow $ARGUMENTS',
    withoutArguments: 'claude-hybrid workflow list',
  },
  {
    name: 'memory',
    description:
      'Search, list, add or show what claude-hybrid agents remember (claude-hybrid memory).',
    argumentHint: '[search QUERY | list | show AGENT | ...]',
    command: 'claude-hybrid memory $ARGUMENTS',
    withoutArguments: 'claude-hybrid memory list',
  },
];

/** The names of the command skills, which win over a bundled or local skill of the same name. */
export const COMMAND_SKILL_NAMES: readonly string[] = COMMAND_SKILLS.map((skill) => skill.name);

function render(skill: CommandSkill): string {
  const program = skill.command.split(' ').slice(0, 2).join(' ');
  const lines = [
    '---',
    `name: ${skill.name}`,
    `description: ${JSON.stringify(skill.description)}`,
    `argument-hint: ${JSON.stringify(skill.argumentHint)}`,
    `allowed-tools: ${JSON.stringify(`Bash(${program}:*)`)}`,
    'disable-model-invocation: true',
    '---',
    '',
    'Run this command with the Bash tool and show the user its output:',
    '',
    '```sh',
    skill.command,
    '```',
    '',
    'Quote the arguments for the shell as the user meant them: a task of several words is one',
    'argument.',
  ];
  if (skill.withoutArguments !== undefined)
    lines.push(`With no arguments, run \`${skill.withoutArguments}\`.`);
  lines.push(
    `If the shell cannot find \`claude-hybrid\`, tell the user to install it: \`${INSTALL_HINT}\`.`,
    '',
  );
  return lines.join('\n');
}

/** The command skills' files, by path under the plugin's folder. */
export function commandSkillFiles(): Map<string, string> {
  return new Map(
    COMMAND_SKILLS.map((skill) => [`skills/${skill.name}/SKILL.md`, render(skill)] as const),
  );
}
