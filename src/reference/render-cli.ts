import type { CommandGroup, OptionSpec, Subcommand } from '../cli/command.js';
import { usageLine } from '../cli/help.js';
import { code, codeBlock, generatedNotice, inlineText, paragraphs, table } from './markdown.js';

/** What docs/cli.md is rendered from: the command table's groups, in order, and the global options. */
export interface CliReferenceInput {
  readonly groups: readonly CommandGroup[];
  readonly globalOptions: Readonly<Record<string, OptionSpec>>;
}

/** docs/cli.md: one section per command, headed by its usage line, as `--help` prints it. */
export function renderCliReference(input: CliReferenceInput): string {
  const sections = [
    '# CLI reference',
    generatedNotice('the command table (src/cli/commands/registry.ts) and each command definition'),
    `Usage: ${code('claude-hybrid <command> [options]')}. Every command also answers ${code('--help')}, with the same text as below.`,
    'Exit codes: `0` success, `1` failure, `2` usage or validation error (bad flag, invalid config, invalid agent file). Errors are one line, `error[code]: message`, followed by a `hint:` line saying how to fix it; the codes are listed in [errors.md](errors.md).',
    '## Global options',
    'Every command accepts these. Colour is used only on a terminal, and never when `NO_COLOR` is set, unless `--color` asks for it. ' +
      'Control characters in text from files and the network (agent descriptions, answers, error messages) are printed escaped, as `\\x1b`, so no terminal escape from a repository reaches the terminal; ' +
      'a model answer written to a pipe or a file, and `--json` output (valid JSON throughout), keep their text as it is.',
    optionsTable(input.globalOptions),
    '## JSON output',
    'With `--json` a command writes one JSON document to stdout, an object (a list is under a key: `{runs: [...]}`), in one convention:',
    [
      '- keys are camelCase (`runId`, `costUsd`, `stepsDone`); only maps keyed by names you chose (agents, models, workflow inputs, environment variables) keep those names;',
      "- times are ISO-8601 UTC strings, in keys ending in `At` (`createdAt`; an event's time is `at`), never epoch numbers; `stats --since` is the time the window starts;",
      '- durations are milliseconds, integer or fractional, in keys ending in `Ms` (`durationMs`, `waitedMs`, `latencyMs`).',
    ].join('\n'),
    "`events tail --json` writes one such event object per line. Changed in this release, for scripts that read the old shapes: `workflow runs`, `memory list`, `memory search`, `memory optimize` and `memory capture` wrap their list in an object (`runs`, `memories`, `results`, `results`, `captured`); events (`events list`, `events tail`, the library's `events.recent()`, the MCP server) carry `at` (ISO-8601) instead of `ts` (epoch ms); `stats --since` is an ISO-8601 time instead of the duration typed.",
    '## Commands',
    table(
      ['Command', 'What it does'],
      input.groups.map((group) => [`[${group.name}](#${group.name})`, inlineText(group.summary)]),
    ),
    ...input.groups.map(groupSection),
  ];
  return `${sections.join('\n\n')}\n`;
}

function groupSection(group: CommandGroup): string {
  const single = group.subcommands.length === 1 && group.subcommands[0]?.name === '';
  const parts = [`## ${group.name}`];
  if (!single) parts.push(inlineText(group.summary));
  for (const command of group.subcommands) parts.push(commandSection(group, command));
  return parts.join('\n\n');
}

function commandSection(group: CommandGroup, command: Subcommand): string {
  const parts = [`### ${code(usageLine(group, command))}`, inlineText(command.summary)];
  if (command.details !== undefined) parts.push(paragraphs(command.details));
  const positionals = positionalsLine(command.positionals);
  if (positionals !== undefined) parts.push(positionals);
  if (Object.keys(command.options).length > 0) parts.push(optionsTable(command.options));
  if (command.examples !== undefined && command.examples.length > 0)
    parts.push('Examples:', codeBlock('sh', command.examples));
  return parts.join('\n\n');
}

function positionalsLine(positionals: Subcommand['positionals']): string | undefined {
  const { min, max, name } = positionals;
  if (max === 0) return undefined;
  const count =
    max === Number.POSITIVE_INFINITY
      ? min === 0
        ? 'any number'
        : `at least ${min}`
      : min === max
        ? `exactly ${min}`
        : `${min} to ${max}`;
  return `Arguments: ${code(name)} (${count}).`;
}

function optionsTable(options: Readonly<Record<string, OptionSpec>>): string {
  return table(
    ['Option', 'Description'],
    Object.entries(options).map(([name, spec]) => {
      const short = spec.short === undefined ? '' : `-${spec.short}, `;
      const value = spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : '';
      const repeat = spec.multiple === true ? ' (repeatable)' : '';
      return [code(`${short}--${name}${value}`), `${inlineText(spec.description)}${repeat}`];
    }),
  );
}
