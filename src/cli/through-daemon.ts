/**
 * The CLI's side of `POST /cli` (src/daemon/cli-runner.ts): while the daemon runs, a read-only
 * command (served-commands.ts) is run by the daemon, which has the code warm, and this process
 * prints the answer. Anything amiss (no daemon, another build, no answer) returns undefined and
 * the command runs here as usual: a served command reads and prints, so running it here after
 * a failed attempt repeats nothing. Imported by the entry (main.ts), so it loads nothing heavy
 * until a daemon is found.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildStamp } from '../daemon/build-stamp.js';
import { rawPost } from '../daemon/raw-post.js';
import { isServedCommand } from '../daemon/served-commands.js';

/** A served command is short; past this the CLI stops waiting and runs it itself. */
const TIMEOUT_MS = 10_000;

export interface ServedAnswer {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function liveDaemon(hybridHome: string): { port: number; token: string } | undefined {
  let info: { port?: unknown; token?: unknown; pid?: unknown };
  try {
    info = JSON.parse(readFileSync(join(hybridHome, 'daemon.json'), 'utf8')) as typeof info;
  } catch {
    return undefined;
  }
  if (
    typeof info.port !== 'number' ||
    typeof info.token !== 'string' ||
    typeof info.pid !== 'number'
  )
    return undefined;
  try {
    process.kill(info.pid, 0);
  } catch {
    return undefined; // gone (or another user's process: not our daemon to ask)
  }
  return { port: info.port, token: info.token };
}

export async function runThroughDaemon(options: {
  readonly argv: readonly string[];
  /** The folder of this CLI's bundles (dist/). */
  readonly distDir: string;
  readonly hybridHome: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** What the command would see of this process's output streams. */
  readonly stdout: { readonly isTTY: boolean; readonly columns: number | undefined };
  readonly stderrIsTTY: boolean;
}): Promise<ServedAnswer | undefined> {
  if (!isServedCommand(options.argv)) return undefined;
  const daemon = liveDaemon(options.hybridHome);
  if (daemon === undefined) return undefined;
  const stamp = buildStamp(options.distDir);
  if (stamp === undefined) return undefined;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.env))
    if (value !== undefined) env[name] = value;
  // The daemon has its own working directory: a relative home must not be read from there.
  env.CLAUDE_HYBRID_HOME = options.hybridHome;
  try {
    const answer = await rawPost({
      port: daemon.port,
      path: '/cli',
      token: daemon.token,
      body: JSON.stringify({
        argv: options.argv,
        cwd: options.cwd,
        env,
        stamp,
        stdout: options.stdout,
        stderrIsTTY: options.stderrIsTTY,
      }),
      timeoutMs: TIMEOUT_MS,
    });
    if (answer.status !== 200) return undefined;
    const served = JSON.parse(answer.body) as Partial<ServedAnswer>;
    return typeof served.code === 'number' &&
      typeof served.stdout === 'string' &&
      typeof served.stderr === 'string'
      ? { code: served.code, stdout: served.stdout, stderr: served.stderr }
      : undefined;
  } catch {
    return undefined;
  }
}
