/**
 * The CLI's side of `POST /cli` (src/daemon/cli-runner.ts): while the daemon runs, a read-only
 * command (served-commands.ts) is run by the daemon, which has the code warm, and this process
 * prints the answer. Anything amiss (no daemon, another build, no answer) returns undefined and
 * the command runs here as usual: a served command reads and prints, so running it here after
 * a failed attempt repeats nothing. Imported by the entry (main.ts), so it loads nothing heavy
 * until a daemon is found.
 */
import { buildStamp } from '../daemon/build-stamp.js';
import { liveDaemon } from '../daemon/daemon-info.js';
import { rawRequest } from '../daemon/raw-request.js';

/** A served command is short; past this the CLI stops waiting and runs it itself. */
const TIMEOUT_MS = 10_000;

export interface ServedAnswer {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runThroughDaemon(options: {
  /** A command isServedCommand() accepts (the caller checks). */
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
    const answer = await rawRequest({
      port: daemon.port,
      method: 'POST',
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
