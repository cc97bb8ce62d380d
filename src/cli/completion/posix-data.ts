import type { ValueKind } from '../command.js';
import type { CompletionCommand, CompletionOption, CompletionTable } from './completion-table.js';

/**
 * The command table as shell functions that bash and zsh both run (only `case`, `[[ ]]` and
 * parameter expansion, no arrays, whose indexes differ between the two). Each answers in
 * `REPLY`, so asking costs no subshell:
 *
 *   __claude_hybrid_subcommands CMD          the named subcommands of CMD
 *   __claude_hybrid_options CMD SUB          the options of `CMD SUB` (SUB '' for CMD's own)
 *   __claude_hybrid_value CMD SUB OPTION     what OPTION's value is, '' for a flag or unknown
 *   __claude_hybrid_positional CMD SUB N     what positional N (from 0) is
 *
 * A kind is `agent`, `workflow`, `file`, `dir`, `text` or `choices A B C`.
 */
export function posixDataFunctions(table: CompletionTable): string {
  const subcommands: string[] = [];
  const options: string[] = [];
  const values: string[] = [];
  const positionals: string[] = [];
  for (const group of table.groups) {
    const named = group.commands.filter((command) => command.name !== '');
    if (named.length > 0)
      subcommands.push(caseLine(group.name, named.map((command) => command.name).join(' ')));
    for (const command of group.commands) {
      const key = `${group.name} ${command.name}`;
      options.push(caseLine(key, optionWords(command.options).join(' ')));
      for (const option of command.options) {
        if (option.value === undefined) continue;
        for (const word of optionWords([option]))
          values.push(caseLine(`${key} ${word}`, kindWord(option.value)));
      }
      if (command.positionals.length > 0) positionals.push(caseLine(key, positionalKinds(command)));
    }
  }
  return [
    '__claude_hybrid_subcommands() {',
    '  case $1 in',
    ...subcommands,
    "    *) REPLY='' ;;",
    '  esac',
    '}',
    '',
    '__claude_hybrid_options() {',
    '  case "$1 $2" in',
    ...options,
    "    *) REPLY='' ;;",
    '  esac',
    '}',
    '',
    '__claude_hybrid_value() {',
    '  case "$1 $2 $3" in',
    ...values,
    "    *) REPLY='' ;;",
    '  esac',
    '}',
    '',
    '__claude_hybrid_positional() {',
    '  local kinds rest n=$3',
    '  case "$1 $2" in',
    ...positionals.map((line) => line.replace('REPLY=', 'kinds=')),
    "    *) REPLY=''; return ;;",
    '  esac',
    '  # The kinds are |-separated; the last goes on for the positionals after it.',
    '  rest=$kinds',
    "  while (( n > 0 )) && [[ $rest == *'|'* ]]; do",
    '    rest=${rest#*|}',
    '    n=$(( n - 1 ))',
    '  done',
    '  REPLY=${rest%%|*}',
    '}',
  ].join('\n');
}

/** `--tier` and, for one with a short form, `-t`. */
export function optionWords(options: readonly CompletionOption[]): string[] {
  return options.flatMap((option) => [
    `--${option.name}`,
    ...(option.short === undefined ? [] : [`-${option.short}`]),
  ]);
}

export function kindWord(kind: ValueKind): string {
  return typeof kind === 'string' ? kind : `choices ${kind.choices.join(' ')}`;
}

function positionalKinds(command: CompletionCommand): string {
  return command.positionals.map(kindWord).join('|');
}

function caseLine(pattern: string, reply: string): string {
  return `    ${shellQuote(pattern)}) REPLY=${shellQuote(reply)} ;;`;
}

/** One single-quoted shell word (bash, zsh and POSIX sh read it alike). */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
