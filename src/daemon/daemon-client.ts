import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HybridError } from '../errors.js';
import { assetDir, ensurePrivateDir, notWritableError, processAlive } from '../files/index.js';
import { readDaemonFile, readDaemonToken, removeDaemonFile } from './daemon-file.js';
import { daemonLockHolder } from './daemon-lock.js';
import type { DaemonInfo } from './daemon-file.js';
import { liveDaemon } from './daemon-info.js';
import { rawRequest } from './raw-request.js';

/** How long `start` waits for the daemon to say it is ready. */
const START_TIMEOUT_MS = 5_000;
const STOP_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 2_000;

/** The daemon bundle beside this one (dist/daemon.cjs), or the build's when run from source. */
export function daemonScript(): string {
  return join(assetDir(import.meta.url, ['.', '../../dist'], '.'), 'daemon.cjs');
}

/** A call to the running daemon, with its token. */
export async function daemonRequest(
  info: DaemonInfo,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const answer = await rawRequest({
    port: info.port,
    method,
    path,
    token: info.token,
    body: body === undefined ? undefined : JSON.stringify(body),
    timeoutMs: REQUEST_TIMEOUT_MS,
  });
  return {
    status: answer.status,
    body: answer.body === '' ? null : (JSON.parse(answer.body) as unknown),
  };
}

/**
 * The daemon's file when its process is alive and answers /health with the same pid; else
 * undefined. A pid alone proves nothing: after a crash it may belong to another program.
 */
export async function runningDaemon(hybridHome: string): Promise<DaemonInfo | undefined> {
  const info = liveDaemon(hybridHome);
  if (info === undefined) return undefined;
  try {
    const response = await rawRequest({
      port: info.port,
      method: 'GET',
      path: '/health',
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
    const health = JSON.parse(response.body) as { pid?: unknown };
    return response.status === 200 && health.pid === info.pid ? info : undefined;
  } catch {
    return undefined;
  }
}

export interface StartDaemonOptions {
  /** The port to listen on; 0 picks a free one. */
  readonly port: number;
  /**
   * When true (an explicit `--port`), a taken port is an error (`daemon.port_taken`); otherwise
   * the daemon falls back to a free port and records it in daemon.json.
   * @default false
   */
  readonly strictPort?: boolean;
  readonly env: NodeJS.ProcessEnv;
}

/** How a daemon process ended its start: the first line it printed. */
type StartOutcome =
  | { readonly kind: 'ready' }
  | { readonly kind: 'locked' }
  | { readonly kind: 'port-taken' }
  | { readonly kind: 'failed' };

/**
 * Starts the daemon in the background (or returns the one already running) and waits until it
 * is ready. Its stderr goes to `$CLAUDE_HYBRID_HOME/daemon.log`. Of several starts at once, one
 * daemon wins the home's lock (daemon-lock.ts); the others' daemons exit at once, and those
 * starts wait for the winner and return it (`started: false`).
 */
export async function startDaemon(
  hybridHome: string,
  options: StartDaemonOptions,
): Promise<{ info: DaemonInfo; started: boolean; readyMs: number }> {
  const running = await runningDaemon(hybridHome);
  if (running !== undefined) return { info: running, started: false, readyMs: 0 };
  const began = performance.now();
  ensurePrivateDir(hybridHome, { tighten: true });
  const logFile = join(hybridHome, 'daemon.log');
  let log: number;
  try {
    log = openSync(logFile, 'a', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown'; // fs errors carry an errno code
    throw notWritableError(
      `cannot open ${logFile} (${code}): the daemon needs a writable home`,
      error,
      'make the Claude Hybrid home (CLAUDE_HYBRID_HOME) writable, or point CLAUDE_HYBRID_HOME at a folder you own',
    );
  }
  const args = [daemonScript(), '--port', String(options.port)];
  if (options.strictPort === true) args.push('--strict-port');
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', log],
    env: { ...options.env, CLAUDE_HYBRID_HOME: hybridHome },
  });
  closeSync(log);
  const stdout = child.stdout;
  if (stdout === null)
    throw new HybridError('daemon.start_failed', 'the daemon has no output pipe');
  const outcome = await new Promise<StartOutcome>((resolve) => {
    let output = '';
    const timer = setTimeout(() => {
      resolve({ kind: 'failed' });
    }, START_TIMEOUT_MS);
    stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const line = /^(ready|locked|port-taken) /m.exec(output)?.[1];
      if (line === undefined) return;
      clearTimeout(timer);
      resolve({ kind: line === 'ready' ? 'ready' : line === 'locked' ? 'locked' : 'port-taken' });
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve({ kind: 'failed' });
    });
  });
  stdout.destroy();
  child.unref();
  if (outcome.kind === 'port-taken')
    throw new HybridError('daemon.port_taken', `port ${options.port} on 127.0.0.1 is taken`, {
      hint: 'pass another --port, or none: without --port a taken port falls back to a free one',
      exitCode: 2,
    });
  const info = outcome.kind === 'ready' ? readDaemonFile(hybridHome) : undefined;
  if (info !== undefined) return { info, started: true, readyMs: performance.now() - began };
  // Another start holds the lock (or won it meanwhile): its daemon is as good as ours.
  const other = await waitForRunning(hybridHome, START_TIMEOUT_MS);
  if (other !== undefined)
    return { info: other, started: false, readyMs: performance.now() - began };
  throw new HybridError(
    'daemon.start_failed',
    outcome.kind === 'locked'
      ? 'another daemon of this home holds its lock but does not answer'
      : `the daemon did not start on port ${options.port}${lastLogLine(hybridHome)}`,
    {
      hint:
        outcome.kind === 'locked'
          ? 'stop it (claude-hybrid daemon stop) and start again'
          : `see ${join(hybridHome, 'daemon.log')}`,
    },
  );
}

/** The healthy daemon of this home once it answers, or undefined after `timeoutMs`. */
async function waitForRunning(
  hybridHome: string,
  timeoutMs: number,
): Promise<DaemonInfo | undefined> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const running = await runningDaemon(hybridHome);
    if (running !== undefined || performance.now() > deadline) return running;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** `: <the log's last line>`, the daemon's own reason for not starting, or ''. */
function lastLogLine(hybridHome: string): string {
  try {
    const text = readFileSync(join(hybridHome, 'daemon.log'), 'utf8').slice(-2_000).trim();
    const line = text.split('\n').at(-1) ?? '';
    return line === '' ? '' : `: ${line.replace(/^claude-hybrid daemon: /, '').slice(0, 300)}`;
  } catch {
    return '';
  }
}

/**
 * Stops the daemon: asks it to shut down, then SIGTERM, then SIGKILL. False when none ran. Only a
 * process that answers /health as our daemon, or holds this home's daemon lock, is signalled; a
 * stale daemon.json is removed.
 */
export async function stopDaemon(hybridHome: string): Promise<boolean> {
  let info = await runningDaemon(hybridHome);
  if (info === undefined) {
    const token = readDaemonToken(hybridHome);
    const holder = token === undefined ? undefined : await daemonLockHolder({ hybridHome, token });
    if (holder === undefined || holder === 0) {
      const stale = readDaemonFile(hybridHome);
      if (stale !== undefined) removeDaemonFile(hybridHome, stale.pid);
      return false;
    }
    // It holds the lock but has not written daemon.json yet: it is starting.
    info = await waitForRunning(hybridHome, START_TIMEOUT_MS);
    if (info === undefined) {
      signal(holder, 'SIGTERM');
      await waitGone(holder);
      return true;
    }
  }
  try {
    await daemonRequest(info, 'POST', '/shutdown');
  } catch {
    signal(info.pid, 'SIGTERM');
  }
  await waitGone(info.pid);
  return true;
}

/** Waits for `pid` to end, and kills it after STOP_TIMEOUT_MS. */
async function waitGone(pid: number): Promise<void> {
  for (let waited = 0; waited < STOP_TIMEOUT_MS; waited += 25) {
    if (!processAlive(pid)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  signal(pid, 'SIGKILL');
}

/** Sends a signal, ignoring a process that is already gone. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // ESRCH: it ended meanwhile.
  }
}
