/**
 * Shared by the daemon probe classes (d07, d11, d12, d13): a project with its own home, the
 * daemons running for that home (found by their environment, Linux /proc), raw HTTP requests
 * with the headers fetch() will not send, and clean-up that stops whatever a case started.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { runBuilt, tempProject } from '../../support/cli.js';
import type { CliResult } from '../../support/cli.js';

export interface ProbeProject {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  cli(argv: readonly string[], extraEnv?: NodeJS.ProcessEnv): Promise<CliResult>;
}

/** Runs `work` in a fresh project and home; stops the home's daemons afterwards, whatever happened. */
export async function inProject<T>(
  work: (project: ProbeProject) => Promise<T>,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<T> {
  const { dir, env, cleanup } = tempProject(extraEnv);
  const home = env.CLAUDE_HYBRID_HOME ?? '';
  const project: ProbeProject = {
    dir,
    env,
    home,
    cli: (argv, more = {}) => runBuilt(argv, { cwd: dir, env: { ...env, ...more } }),
  };
  try {
    return await work(project);
  } finally {
    await project.cli(['daemon', 'stop']);
    for (const pid of daemonPids(home)) killQuietly(pid);
    cleanup();
  }
}

/** The pids of dist/daemon.cjs processes whose CLAUDE_HYBRID_HOME is `home`. */
export function daemonPids(home: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!command.includes('daemon.cjs')) continue;
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (environ.includes(`CLAUDE_HYBRID_HOME=${home}`)) pids.push(Number(entry));
    } catch {
      // Ended meanwhile, or not ours to read.
    }
  }
  return pids;
}

export function killQuietly(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already.
  }
}

/** A loopback port held by a plain TCP server (another user's daemon, say) until closed. */
export async function occupiedPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const server: Server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A free loopback port (free when this returns; good enough for a probe). */
export async function freePort(): Promise<number> {
  const held = await occupiedPort();
  await held.close();
  return held.port;
}

/** One HTTP request to the daemon with exactly these headers; resolves with status and body. */
export function httpRequest(
  port: number,
  options: { path: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const call = request(
      {
        host: '127.0.0.1',
        port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body });
        });
      },
    );
    call.on('error', reject);
    call.end(options.body);
  });
}

/** What `daemon start|restart --json` prints. */
export interface StartedJson {
  readonly running?: boolean;
  readonly started?: boolean;
  readonly pid?: number;
  readonly port?: number;
}

/** The JSON `daemon start --json` printed, or undefined when it is not JSON. */
export function startedJson(result: CliResult): StartedJson | undefined {
  try {
    return JSON.parse(result.stdout) as StartedJson; // the CLI's documented start JSON
  } catch {
    return undefined;
  }
}

/** `$CLAUDE_HYBRID_HOME/daemon.json`: the port and token the daemon wrote. */
export function daemonJson(home: string): { readonly port: number; readonly token: string } {
  return JSON.parse(readFileSync(join(home, 'daemon.json'), 'utf8')) as {
    port: number;
    token: string;
  }; // written by the daemon (daemon-file.ts)
}
