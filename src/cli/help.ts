import type { CommandGroup, OptionSpec, Subcommand } from './command.js';

/** Options every command accepts. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  json: { type: 'boolean', description: 'Write one JSON document to stdout and nothing else' },
  debug: { type: 'boolean', description: 'Print stack traces with errors' },
  quiet: {
    type: 'boolean',
    description: 'No progress or info lines on stderr (errors still print)',
  },
  verbose: {
    type: 'boolean',
    description: 'Show every attempt, retry and wait in detail on stderr',
  },
  'no-color': { type: 'boolean', description: 'Never colour output (NO_COLOR is also honoured)' },
  color: { type: 'boolean', description: 'Colour output even when stdout is not a TTY' },
  help: { type: 'boolean', short: 'h', description: 'Show help' },
};

/** `--version`, which only the top level takes (`claude-hybrid --version`). */
export const VERSION_OPTION: OptionSpec = {
  type: 'boolean',
  short: 'V',
  description: 'Print the version',
};

export function formatOptions(options: Readonly<Record<string, OptionSpec>>): string[] {
  const rows = Object.entries(options).map(([name, spec]) => {
    const short = spec.short === undefined ? '    ' : `-${spec.short}, `;
    const value = spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : '';
    const repeat = spec.multiple === true ? ' (repeatable)' : '';
    return [`  ${short}--${name}${value}`, `${spec.description}${repeat}`] as const;
  });
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${left.padEnd(width)}  ${right}`);
}

/** Whether `usage` names `--name` (not only a longer option that starts with it). */
function namesOption(usage: string, name: string): boolean {
  return new RegExp(`(^|[^\\w-])--${name}(?![\\w-])`).test(usage);
}

/**
 * The usage line of a command after `claude-hybrid`: its path, its own usage, and every option
 * that usage leaves out, as `[--name VALUE]`, before a trailing `[--json]`. So the line names
 * every option the command accepts, whatever its hand-written usage says.
 */
export function usageLine(group: CommandGroup, command: Subcommand): string {
  const path = command.name === '' ? group.name : `${group.name} ${command.name}`;
  const missing = Object.entries(command.options)
    .filter(([name]) => !namesOption(command.usage, name))
    .map(([name, spec]) => {
      const value = spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : '';
      return `[--${name}${value}${spec.multiple === true ? ' ...' : ''}]`;
    });
  const json = ' [--json]';
  const usage = command.usage.endsWith(json)
    ? [command.usage.slice(0, -json.length), ...missing, json.trim()]
    : [command.usage, ...missing];
  return ['claude-hybrid', path, ...usage.filter((part) => part !== '')].join(' ');
}

export function subcommandHelp(group: CommandGroup, command: Subcommand): string {
  const lines = [`Usage: ${usageLine(group, command)}`, '', command.summary];
  if (command.details !== undefined) lines.push('', command.details);
  if (Object.keys(command.options).length > 0)
    lines.push('', 'Options:', ...formatOptions(command.options));
  lines.push('', 'Global options:', ...formatOptions(GLOBAL_OPTIONS));
  if (command.examples !== undefined && command.examples.length > 0) {
    lines.push('', 'Examples:', ...command.examples.map((example) => `  ${example}`));
  }
  return `${lines.join('\n')}\n`;
}

export function groupHelp(group: CommandGroup): string {
  // The group's own command (named '') is listed as the group's name: `mcp` beside `mcp install`.
  const label = (command: Subcommand): string =>
    command.name === '' ? `(${group.name})` : command.name;
  const width = Math.max(...group.subcommands.map((command) => label(command).length));
  const own = group.subcommands.some((command) => command.name === '');
  const lines = [
    `Usage: claude-hybrid ${group.name} ${own ? '[<command>]' : '<command>'} [options]`,
    '',
    group.summary,
    '',
    'Commands:',
    ...group.subcommands.map((command) => `  ${label(command).padEnd(width)}  ${command.summary}`),
    '',
    `Run 'claude-hybrid ${group.name} <command> --help' for a command's options.`,
  ];
  return `${lines.join('\n')}\n`;
}
