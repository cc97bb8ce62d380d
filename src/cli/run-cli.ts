import { loadConfig } from '../config/index.js';
import { UsageError, isHybridError } from '../errors.js';
import { parseCommandArgs } from './args.js';
import type { CliContext, CliIO, CommandGroup, FlagLayer, Verbosity } from './command.js';
import { COMMANDS } from './commands/registry.js';
import {
  groupHelp,
  subcommandHelp,
  formatOptions,
  GLOBAL_OPTIONS,
  VERSION_OPTION,
} from './help.js';
import { colorEnabled, createColors } from './output.js';
import { namedError, reportError } from './report-error.js';
import { fdOutput } from './stdio.js';
import { createTerminalGuard, escapeControls, guardTarget } from './terminal-text.js';
import type { TerminalGuard } from './terminal-text.js';
import { VERSION } from '../version.js';
import { likelyTypoOf } from '../routing/closest-names.js';

export function processIO(): CliIO {
  return {
    stdout: fdOutput(1, () => process.stdout),
    stderr: fdOutput(2, () => process.stderr),
    env: process.env,
    cwd: process.cwd(),
  };
}

interface GlobalFlags {
  json: boolean;
  debug: boolean;
  quiet: boolean;
  verbose: boolean;
  color: 'auto' | 'always' | 'never' | undefined;
  help: boolean;
  version: boolean;
  rest: string[];
}

/** Pulls the global flags out of argv (up to a `--`), wherever they appear. */
function extractGlobalFlags(argv: readonly string[]): GlobalFlags {
  const flags: GlobalFlags = {
    json: false,
    debug: false,
    quiet: false,
    verbose: false,
    color: undefined,
    help: false,
    version: false,
    rest: [],
  };
  let passthrough = false;
  for (const arg of argv) {
    if (passthrough) {
      flags.rest.push(arg);
      continue;
    }
    switch (arg) {
      case '--':
        passthrough = true;
        flags.rest.push(arg);
        break;
      case '--json':
        flags.json = true;
        break;
      case '--debug':
        flags.debug = true;
        break;
      case '--quiet':
        flags.quiet = true;
        break;
      case '--verbose':
        flags.verbose = true;
        break;
      case '--no-color':
        flags.color = 'never';
        break;
      case '--color':
        flags.color = 'always';
        break;
      case '--help':
      case '-h':
        flags.help = true;
        break;
      case '--version':
      case '-V':
        flags.version = true;
        break;
      default:
        flags.rest.push(arg);
    }
  }
  return flags;
}

function topHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    `claude-hybrid ${VERSION}: performance-first multi-agent orchestration for Claude`,
    '',
    'Usage: claude-hybrid <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Global options:',
    ...formatOptions({
      ...GLOBAL_OPTIONS,
      version: VERSION_OPTION,
    }),
    '',
    "Run 'claude-hybrid <command> --help' for a command's options.",
    '',
  ].join('\n');
}

/**
 * Runs one CLI invocation; returns the exit code (0 ok, 1 failure, 2 usage or validation).
 * Everything written for a person goes through the terminal guard (terminal-text.ts): text from
 * files and the network never reaches the terminal as control sequences.
 */
export async function runCli(argv: readonly string[], rawIO: CliIO): Promise<number> {
  const flags = extractGlobalFlags(argv);
  const guard = createTerminalGuard();
  const io: CliIO = {
    ...rawIO,
    stdout: guardTarget(rawIO.stdout, guard),
    stderr: guardTarget(rawIO.stderr, guard),
  };
  try {
    if (flags.version && flags.rest.length === 0) {
      io.stdout.write(flags.json ? `${JSON.stringify({ version: VERSION })}\n` : `${VERSION}\n`);
      return 0;
    }
    const [name, ...rest] = flags.rest;
    if (name === undefined || name === 'help') {
      if (name === undefined && !flags.help) {
        io.stderr.write(topHelp());
        return 2;
      }
      io.stdout.write(topHelp());
      return 0;
    }
    const entry = COMMANDS.find((command) => command.name === name);
    if (entry === undefined) {
      const names = COMMANDS.map((command) => command.name);
      const guess = likelyTypoOf(name, names);
      throw new UsageError(
        `unknown command "${name}"${guess === undefined ? '' : `; did you mean "${guess}"?`}`,
        `run 'claude-hybrid --help' to see the commands (${names.join(', ')})`,
      );
    }
    const group = await entry.load();
    return await runGroup(group, rest, flags, { io, rawIO, guard });
  } catch (error) {
    const colors = createColors(
      colorEnabled(flags.color ?? 'auto', () => io.stderr.isTTY, io.env),
      guard.esc,
    );
    const reported = namedError(error);
    reportError(reported, {
      stderr: io.stderr,
      ...(flags.json ? { stdout: io.stdout } : {}),
      debug: flags.debug,
      colors,
    });
    return isHybridError(reported) ? reported.exitCode : 1;
  }
}

async function runGroup(
  group: CommandGroup,
  args: readonly string[],
  flags: GlobalFlags,
  output: { readonly io: CliIO; readonly rawIO: CliIO; readonly guard: TerminalGuard },
): Promise<number> {
  const { io, rawIO, guard } = output;
  const [first, ...rest] = args;
  const named =
    first === undefined || first === ''
      ? undefined
      : group.subcommands.find((candidate) => candidate.name === first);
  // A group's own command (named '') runs when no subcommand is named: `init`, and `mcp` beside
  // `mcp install`.
  const own = group.subcommands.find((candidate) => candidate.name === '');
  const single = named === undefined && own !== undefined;
  const command = named ?? own;
  const unknownWord =
    single &&
    group.subcommands.length > 1 &&
    first !== undefined &&
    !first.startsWith('-') &&
    own.positionals.max === 0;
  if (command === undefined || unknownWord) {
    if (first === undefined) {
      (flags.help ? io.stdout : io.stderr).write(groupHelp(group));
      return flags.help ? 0 : 2;
    }
    const names = group.subcommands
      .map((candidate) => candidate.name)
      .filter((name) => name !== '');
    const guess = likelyTypoOf(first, names);
    throw new UsageError(
      `unknown command "${group.name} ${first}"${guess === undefined ? '' : `; did you mean "${group.name} ${guess}"?`}`,
      `run 'claude-hybrid ${group.name} --help' to see its commands (${names.join(', ')})`,
    );
  }
  if (flags.help) {
    // `mcp --help` shows the group (its own command first); `mcp install --help` the command.
    const whole = single && group.subcommands.length > 1;
    io.stdout.write(
      whole
        ? `${groupHelp(group)}\n${subcommandHelp(group, command)}`
        : subcommandHelp(group, command),
    );
    return 0;
  }
  const path = single ? group.name : `${group.name} ${command.name}`;
  const parsed = parseCommandArgs(single ? args : rest, command.options, command.positionals, path);
  // A payload goes out byte for byte to a pipe or file, and guarded to a terminal.
  const payload = (text: string): void => {
    (io.stdout.isTTY ? io.stdout : rawIO.stdout).write(text);
  };
  const context: CliContext = {
    io,
    json: flags.json,
    debug: flags.debug,
    verbosity: verbosityOf(flags),
    colors: createColors(
      !flags.json && colorEnabled(flags.color ?? 'auto', () => io.stdout.isTTY, io.env),
      guard.esc,
    ),
    loadConfig: (flagLayer?: FlagLayer, collectIssues?: boolean, cwd?: string) =>
      loadConfig({
        cwd: cwd ?? io.cwd,
        env: io.env,
        ...(flagLayer === undefined ? {} : { flags: flagLayer }),
        ...(collectIssues === true ? { collectIssues } : {}),
      }),
    out: (text: string) => {
      if (!flags.json) io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    payload,
    writeJson: (value: unknown) => {
      // Indented for a person at a terminal; compact when captured, which is faster to write and
      // parse. JSON.stringify leaves DEL and C1 controls raw; escaping them (as \u00XX) keeps
      // the same document and keeps them off a terminal that `| cat` or `| less -R` reaches.
      const json = io.stdout.isTTY ? JSON.stringify(value, null, 2) : JSON.stringify(value);
      rawIO.stdout.write(`${escapeControls(json)}\n`);
    },
  };
  return command.run(context, parsed.values, parsed.positionals);
}

/** --quiet and --verbose together ask for opposite things: a one-line usage error. */
function verbosityOf(flags: GlobalFlags): Verbosity {
  if (flags.quiet && flags.verbose)
    throw new UsageError(
      '--quiet and --verbose cannot be used together',
      'pass one of them (--quiet drops progress lines, --verbose adds detail)',
    );
  return flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal';
}
