/**
 * `POST /cli`: the daemon runs one of the CLI's read-only commands (served-commands.ts) for a
 * CLI process, with that process's arguments, directory and environment, and answers what it
 * would have printed and its exit code. The daemon has the code compiled and warm; the CLI then
 * costs little more than starting node. Same code, same output: the command runs through the
 * CLI's own `runCli` (dist/app.cjs), loaded on the first request, and only when the CLI that asks
 * is the very build the daemon loaded.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildStamp } from './build-stamp.js';
import { HttpProblem } from './http-problem.js';
import { isServedCommand } from './served-commands.js';

/** What the CLI sends. */
export interface CliRequest {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** buildStamp() of the asking CLI's dist folder. */
  readonly stamp: string;
  readonly stdout: { readonly isTTY: boolean; readonly columns: number | undefined };
  readonly stderrIsTTY: boolean;
}

export interface CliAnswer {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface App {
  runCli(
    argv: readonly string[],
    io: {
      stdout: { write(chunk: string): unknown; isTTY: boolean; columns: number | undefined };
      stderr: { write(chunk: string): unknown; isTTY: boolean };
      env: NodeJS.ProcessEnv;
      cwd: string;
    },
  ): Promise<number>;
}

/** dist/, beside the daemon bundle; the build's when the daemon runs from source (tests). */
function distDir(): string {
  for (const candidate of ['.', '../../dist']) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(join(dir, 'app.cjs'))) return dir;
  }
  return fileURLToPath(new URL('.', import.meta.url));
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === 'string')
  );
}

/** The request, checked; 400 with the reason when it is not one. */
export function readCliRequest(body: unknown): CliRequest {
  const request = (typeof body === 'object' && body !== null ? body : {}) as Record<
    string,
    unknown
  >;
  const argv = request.argv;
  if (!Array.isArray(argv) || !argv.every((arg) => typeof arg === 'string'))
    throw new HttpProblem(400, 'argv must be an array of strings');
  if (!isServedCommand(argv))
    throw new HttpProblem(400, `the daemon does not run "${argv.join(' ')}"`);
  if (typeof request.cwd !== 'string' || !isAbsolute(request.cwd))
    throw new HttpProblem(400, 'cwd must be an absolute path');
  if (!isStringRecord(request.env)) throw new HttpProblem(400, 'env must map names to strings');
  if (typeof request.stamp !== 'string') throw new HttpProblem(400, 'stamp must be a string');
  const stdout = (request.stdout ?? {}) as { isTTY?: unknown; columns?: unknown };
  return {
    argv: argv,
    cwd: request.cwd,
    env: request.env,
    stamp: request.stamp,
    stdout: {
      isTTY: stdout.isTTY === true,
      columns: typeof stdout.columns === 'number' ? stdout.columns : undefined,
    },
    stderrIsTTY: request.stderrIsTTY === true,
  };
}

export class CliRunner {
  private readonly dist = distDir();
  private app: App | undefined;
  private loadedStamp: string | undefined;
  /** Commands run so far, for `daemon status`. */
  served = 0;

  async run(request: CliRequest): Promise<CliAnswer> {
    const current = buildStamp(this.dist);
    if (current === undefined || request.stamp !== current)
      throw new HttpProblem(409, 'the CLI asking is another build than the daemon has');
    if (this.app === undefined) {
      this.loadedStamp = current;
      // The CLI bundle, once: it requires its sibling bundles from the same folder.
      this.app = createRequire(join(this.dist, 'daemon.cjs'))(join(this.dist, 'app.cjs')) as App;
    } else if (this.loadedStamp !== current)
      throw new HttpProblem(409, 'the CLI was rebuilt since the daemon loaded it; restart it');
    let stdout = '';
    let stderr = '';
    const code = await this.app.runCli(request.argv, {
      stdout: {
        write: (chunk: string) => (stdout += chunk),
        isTTY: request.stdout.isTTY,
        columns: request.stdout.columns,
      },
      stderr: { write: (chunk: string) => (stderr += chunk), isTTY: request.stderrIsTTY },
      env: request.env,
      cwd: request.cwd,
    });
    this.served += 1;
    return { code, stdout, stderr };
  }
}
