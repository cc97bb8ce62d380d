import { execFile, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliContext, CommandGroup, ParsedValues } from '../../src/cli/command.js';
import { createColors } from '../../src/cli/output.js';
import { runCli } from '../../src/cli/run-cli.js';
import { makeTempDir } from './temp-dir.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** An isolated environment: HOME and CLAUDE_HYBRID_HOME inside `home`, no colour. */
export function isolatedEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    CLAUDE_HYBRID_HOME: `${home}/.claude-hybrid`,
    ...extra,
  };
}

/**
 * A temporary home with a project folder inside it (init refuses to turn the home itself into a
 * project), and the isolated environment for it.
 */
export function tempProject(extra: NodeJS.ProcessEnv = {}): {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cleanup: () => void;
} {
  const { dir: home, cleanup } = makeTempDir();
  const dir = join(home, 'project');
  mkdirSync(dir);
  return { dir, env: isolatedEnv(home, extra), cleanup };
}

/** Runs the CLI in-process with captured output. */
export async function runInProcess(
  argv: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: false },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: false },
    env: options.env,
    cwd: options.cwd,
  });
  return { code, stdout, stderr };
}

/**
 * Runs one subcommand of `group` directly, with already-parsed values and captured output, the
 * way run-cli.ts would after parsing. Config is not loaded: the commands tested this way read
 * their own files.
 */
export async function runSubcommand(
  group: CommandGroup,
  name: string,
  options: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    json?: boolean;
    values?: ParsedValues;
    positionals?: string[];
  },
): Promise<CliResult> {
  const command = group.subcommands.find((candidate) => candidate.name === name);
  if (command === undefined) throw new Error(`no subcommand ${group.name} ${name}`);
  let stdout = '';
  let stderr = '';
  const json = options.json ?? false;
  const context: CliContext = {
    io: {
      stdout: { write: (chunk: string) => (stdout += chunk), isTTY: false },
      stderr: { write: (chunk: string) => (stderr += chunk), isTTY: false },
      env: options.env,
      cwd: options.cwd,
    },
    json,
    debug: false,
    verbosity: 'normal',
    colors: createColors(false),
    loadConfig: () => Promise.reject(new Error(`${group.name} ${name} must not load config`)),
    out: (text) => {
      if (!json) stdout += text.endsWith('\n') ? text : `${text}\n`;
    },
    payload: (text) => {
      stdout += text;
    },
    writeJson: (value) => {
      stdout += `${JSON.stringify(value)}\n`;
    },
  };
  const code = await command.run(context, options.values ?? {}, options.positionals ?? []);
  return { code, stdout, stderr };
}

export const BUILT_CLI = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));

/** Runs the built binary (`npm run build` first; `npm test` does). */
export function runBinary(
  argv: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; uid?: number; gid?: number },
): CliResult {
  if (!existsSync(BUILT_CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` first');
  const result = spawnSync(process.execPath, [BUILT_CLI, ...argv], {
    cwd: options.cwd,
    env: options.env,
    encoding: 'utf8',
    timeout: 60_000,
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const execFileAsync = promisify(execFile);

/**
 * Runs the built binary asynchronously, so a server in this process (the fake Messages API) can
 * answer it. `stdin`, when given, is written to its standard input, which is then closed.
 */
export async function runBuilt(
  argv: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; stdin?: string },
): Promise<CliResult> {
  if (!existsSync(BUILT_CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` first');
  const running = execFileAsync(process.execPath, [BUILT_CLI, ...argv], {
    cwd: options.cwd,
    env: options.env,
    timeout: 60_000,
  });
  if (options.stdin !== undefined) running.child.stdin?.end(options.stdin);
  try {
    const { stdout, stderr } = await running;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }; // execFile's rejection
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

export interface BuiltProcess {
  readonly child: ChildProcess;
  /** What it has written so far. */
  output(): { readonly stdout: string; readonly stderr: string };
  /** Resolves when it has exited and its output is closed. */
  readonly exited: Promise<CliResult & { readonly signal: NodeJS.Signals | null }>;
}

/**
 * Starts the built binary without waiting for it, with no standard input and its output
 * captured. With `group`, it leads its own process group, so a signal sent to `-pid` reaches
 * everything it started.
 */
export function startBuilt(
  argv: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; group?: boolean },
): BuiltProcess {
  if (!existsSync(BUILT_CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` first');
  const child = spawn(process.execPath, [BUILT_CLI, ...argv], {
    cwd: options.cwd,
    env: options.env,
    detached: options.group ?? false,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      resolve({ code: code ?? -1, signal, stdout, stderr });
    });
  });
  return { child, output: () => ({ stdout, stderr }), exited };
}

/** Path of the shared corpora, or undefined (tests then skip with a message). */
export function corpusDir(): string | undefined {
  const dir = fileURLToPath(new URL('../../../shared/corpora/agents', import.meta.url));
  return existsSync(dir) ? dir : undefined;
}
