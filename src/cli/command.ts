import type { LoadedConfig } from '../config/index.js';
import type { ConfigLayer } from '../config/index.js';
import type { Colors } from './output.js';

/** What a command may touch of the outside world; injected so tests run in-process. */
export interface CliIO {
  readonly stdout: {
    write(chunk: string): unknown;
    readonly isTTY?: boolean;
    readonly columns?: number | undefined;
  };
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export type Verbosity = 'quiet' | 'normal' | 'verbose';

export interface CliContext {
  readonly io: CliIO;
  /** `--json`: write exactly one JSON document to stdout and nothing else. */
  readonly json: boolean;
  readonly debug: boolean;
  /**
   * `--quiet`: no progress or info lines on stderr (errors still print); `--verbose`: every
   * attempt and wait in detail. Neither: progress lines for waits a person would notice.
   */
  readonly verbosity: Verbosity;
  readonly colors: Colors;
  /**
   * Loads the layered config with this command's flags as the top layer, for the project at
   * `cwd` (default: the process's working directory).
   */
  loadConfig(flags?: FlagLayer, collectIssues?: boolean, cwd?: string): Promise<LoadedConfig>;
  /** Text for a person, with a newline added; nothing with `--json`. */
  out(text: string): void;
  /**
   * Output a program may consume byte for byte (a model's answer): written as is when stdout
   * is a pipe or a file, with control characters escaped when it is a terminal.
   */
  payload(text: string): void;
  /** The one JSON document of `--json`; its control characters are \u escapes. */
  writeJson(value: unknown): void;
}

export interface FlagLayer {
  readonly layer: ConfigLayer;
  readonly names: ReadonlyMap<string, string>;
}

/**
 * What a value is, for shell completion (`claude-hybrid completion`): the project's agent or
 * workflow names (asked of the CLI at completion time), a file, a directory, one of fixed
 * choices, or free text (nothing to offer).
 */
export type ValueKind =
  'agent' | 'workflow' | 'file' | 'dir' | 'text' | { readonly choices: readonly string[] };

export interface OptionSpec {
  readonly type: 'boolean' | 'string';
  readonly multiple?: boolean;
  readonly short?: string;
  /** Placeholder shown in help for string options. */
  readonly value?: string;
  readonly description: string;
  /** What the value is, for completion. @default 'dir' for a DIR value, 'file' for FILE, else 'text' */
  readonly complete?: ValueKind;
}

export type ParsedValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface Subcommand {
  readonly name: string;
  readonly summary: string;
  /** Usage after the command path, e.g. `NAME [--json]`. */
  readonly usage: string;
  readonly details?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly positionals: {
    readonly min: number;
    readonly max: number;
    readonly name: string;
    /**
     * What each positional is, for completion; the last kind goes on for the positionals after.
     * @default ['file'] when the name is FILE or PATH, else nothing to complete
     */
    readonly complete?: readonly ValueKind[];
  };
  readonly examples?: readonly string[];
  run(context: CliContext, values: ParsedValues, positionals: readonly string[]): Promise<number>;
}

/** A command group (`agents`) with subcommands, or a single command (`init`) with one entry named ''. */
export interface CommandGroup {
  readonly name: string;
  readonly summary: string;
  readonly subcommands: readonly Subcommand[];
}
