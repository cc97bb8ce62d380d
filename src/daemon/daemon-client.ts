import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { HybridError } from '../errors.js';
import { assetDir, ensurePrivateDir, notWritableError, processAlive } from '../files/index.js';
import { readDaemonFile, removeDaemonFile } from './daemon-file.js';
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

/**
 * Starts the daemon in the background (or returns the one already running) and waits until it
 * is ready. Its stderr goes to `$CLAUDE_HYBRID_HOME/daemon.log`.
 */
export async function startDaemon(
  hybridHome: string,
  options: { port: number; env: NodeJS.ProcessEnv },
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
  const child = spawn(process.execPath, [daemonScript(), '--port', String(options.port)], {
    detached: true,
    stdio: ['ignore', 'pipe', log],
    env: { ...options.env, CLAUDE_HYBRID_HOME: hybridHome },
  });
  closeSync(log);
  const stdout = child.stdout;
  if (stdout === null)
    throw new HybridError('daemon.start_failed', 'the daemon has no output pipe');
  const ready = await new Promise<boolean>((resolve) => {
    let output = '';
    const timer = setTimeout(() => {
      resolve(false);
    }, START_TIMEOUT_MS);
    stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('ready ')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  stdout.destroy();
  child.unref();
  const info = readDaemonFile(hybridHome);
  if (!ready || info === undefined) {
    // Another start may have won the port meanwhile: that daemon is as good as ours.
    const other = await runningDaemon(hybridHome);
    if (other !== undefined)
      return { info: other, started: false, readyMs: performance.now() - began };
  }
  if (!ready || info === undefined)
    throw new HybridError(
      'daemon.start_failed',
      `the daemon did not start on port ${options.port}`,
      {
        hint: `see ${join(hybridHome, 'daemon.log')}; another process may hold the port (set daemon.port)`,
      },
    );
  return { info, started: true, readyMs: performance.now() - began };
}

/**
 * Stops the daemon: asks it to shut down, then SIGTERM, then SIGKILL. False when none ran. Only a
 * process that answers /health as our daemon is signalled; a stale daemon.json is removed.
 */
export async function stopDaemon(hybridHome: string): Promise<boolean> {
  const info = await runningDaemon(hybridHome);
  if (info === undefined) {
    const stale = readDaemonFile(hybridHome);
    if (stale !== undefined) removeDaemonFile(hybridHome, stale.pid);
    return false;
  }
  try {
    await daemonRequest(info, 'POST', '/shutdown');
  } catch {
    signal(info.pid, 'SIGTERM');
  }
  for (let waited = 0; waited < STOP_TIMEOUT_MS; waited += 25) {
    if (!processAlive(info.pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  signal(info.pid, 'SIGKILL');
  return true;
}

/** Sends a signal, ignoring a process that is already gone. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // ESRCH: it ended meanwhile.
  }
}
