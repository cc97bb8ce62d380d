import type { CommandGroup, OptionSpec, Subcommand, ValueKind } from '../command.js';

/**
 * What the completion scripts are generated from: the command table with, for every option and
 * positional, what its value is. Built from every command definition by `npm run docs` into
 * command-table.ts, so that `claude-hybrid completion bash` loads no command module.
 */
export interface CompletionTable {
  readonly groups: readonly CompletionGroup[];
  /** Options every command takes (`--json`, `--help`, ...). */
  readonly globalOptions: readonly CompletionOption[];
  /** Options only the bare `claude-hybrid` takes (`--version`). */
  readonly topOptions: readonly CompletionOption[];
}

export interface CompletionGroup {
  readonly name: string;
  readonly summary: string;
  /** Its commands; one named '' is the group's own (`run`, `init`, `mcp` beside `mcp install`). */
  readonly commands: readonly CompletionCommand[];
}

export interface CompletionCommand {
  readonly name: string;
  readonly summary: string;
  readonly options: readonly CompletionOption[];
  /** What each positional is; the last kind goes on for the ones after. Empty: nothing to offer. */
  readonly positionals: readonly ValueKind[];
}

export interface CompletionOption {
  /** Without the dashes: `tier` for `--tier`. */
  readonly name: string;
  readonly short?: string;
  readonly description: string;
  /** What its value is; absent for a flag that takes none. */
  readonly value?: ValueKind;
}

export function buildCompletionTable(
  groups: readonly CommandGroup[],
  globalOptions: Readonly<Record<string, OptionSpec>>,
  topOptions: Readonly<Record<string, OptionSpec>>,
): CompletionTable {
  return {
    groups: groups.map((group) => ({
      name: group.name,
      summary: sentence(group.summary),
      commands: group.subcommands.map(completionCommand),
    })),
    globalOptions: completionOptions(globalOptions),
    topOptions: completionOptions(topOptions),
  };
}

function completionCommand(command: Subcommand): CompletionCommand {
  const { positionals } = command;
  const inferred: ValueKind[] =
    positionals.max === 0 ? [] : /^(FILE|PATH)$/.test(positionals.name) ? ['file'] : [];
  return {
    name: command.name,
    summary: sentence(command.summary),
    options: completionOptions(command.options),
    positionals: [...(positionals.complete ?? inferred)],
  };
}

function completionOptions(options: Readonly<Record<string, OptionSpec>>): CompletionOption[] {
  return Object.entries(options).map(([name, spec]) => {
    const value = valueKind(spec);
    return {
      name,
      ...(spec.short === undefined ? {} : { short: spec.short }),
      description: sentence(spec.description),
      ...(value === undefined ? {} : { value }),
    };
  });
}

/** An explicit kind; else a DIR or FILE placeholder says it; else free text. */
function valueKind(spec: OptionSpec): ValueKind | undefined {
  if (spec.type === 'boolean') return undefined;
  if (spec.complete !== undefined) return spec.complete;
  if (spec.value === 'DIR') return 'dir';
  if (spec.value === 'FILE') return 'file';
  return 'text';
}

/** Summaries end with a full stop in some definitions and not in others; shells show neither. */
function sentence(text: string): string {
  return text.replace(/\.$/, '');
}
