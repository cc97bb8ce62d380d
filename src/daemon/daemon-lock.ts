/**
 * One daemon per `$CLAUDE_HYBRID_HOME`: a lock the daemon takes before it listens and holds for
 * its whole life. The kernel releases it when the process ends, however it ends (kill -9
 * included), so a crash never leaves a stale lock that a later start would have to judge, and
 * no two starts can both win, however many run at once.
 *
 * - Linux: a listening socket in the abstract namespace. Binding is atomic and exclusive, it
 *   costs nothing to load (node:net is there for the server anyway), and nothing is left on
 *   disk. The name is derived from the home's real path and its daemon token: abstract sockets
 *   have no permissions, so a name another user could compute would let them squat on it.
 * - Elsewhere: an open `BEGIN IMMEDIATE` transaction on `$CLAUDE_HYBRID_HOME/daemon.lock`, a
 *   SQLite file (better-sqlite3 is a dependency already; it costs the start about 15 ms).
 *
 * A connection to the Linux lock socket is answered with the holder's pid, so `daemon stop` can
 * find a daemon that has taken the lock but not yet written daemon.json.
 */
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import type * as Net from 'node:net';
import { join } from 'node:path';
import { lazyRequire } from '../files/lazy-require.js';

export type DaemonLockKind = 'socket' | 'sqlite';

export interface DaemonLockOptions {
  readonly hybridHome: string;
  /** The home's daemon token (daemon.token): part of the socket's name. */
  readonly token: string;
  /** @default 'socket' on Linux, else 'sqlite' */
  readonly kind?: DaemonLockKind;
}

export interface DaemonLock {
  readonly kind: DaemonLockKind;
  /** Lets the lock go (also released by the kernel when the process ends). */
  release(): void;
}

function kindOf(options: DaemonLockOptions): DaemonLockKind {
  return options.kind ?? (process.platform === 'linux' ? 'socket' : 'sqlite');
}

/** The abstract socket name of a home's lock: its leading NUL keeps it off the filesystem. */
export function lockSocketName(hybridHome: string, token: string): string {
  let home = hybridHome;
  try {
    home = realpathSync(hybridHome);
  } catch {
    // Not there yet: the path as given names it.
  }
  const digest = createHash('sha256').update(`${home}\0${token}`).digest('hex').slice(0, 40);
  return `\0claude-hybrid-daemon-${digest}`;
}

/** The lock, or undefined when another live process holds it. */
export async function acquireDaemonLock(
  options: DaemonLockOptions,
): Promise<DaemonLock | undefined> {
  return kindOf(options) === 'socket' ? acquireSocketLock(options) : acquireSqliteLock(options);
}

async function acquireSocketLock(options: DaemonLockOptions): Promise<DaemonLock | undefined> {
  const { createServer } = lazyRequire('node:net') as typeof Net;
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.end(`${process.pid}\n`);
  });
  const bound = await new Promise<boolean>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(false);
      else reject(error);
    });
    server.listen({ path: lockSocketName(options.hybridHome, options.token) }, () => {
      resolve(true);
    });
  });
  if (!bound) return undefined;
  // Held, but never what keeps the daemon alive: its HTTP server and signals decide that.
  server.unref();
  return {
    kind: 'socket',
    release: () => {
      server.close();
    },
  };
}

interface SqliteHandle {
  exec(sql: string): unknown;
  close(): unknown;
}

function acquireSqliteLock(options: DaemonLockOptions): Promise<DaemonLock | undefined> {
  const Database = lazyRequire('better-sqlite3') as new (
    file: string,
    options: { timeout: number },
  ) => SqliteHandle;
  const db = new Database(join(options.hybridHome, 'daemon.lock'), { timeout: 0 });
  try {
    // A write lock on the file until the transaction ends: only when this process does.
    db.exec('PRAGMA journal_mode = DELETE; CREATE TABLE IF NOT EXISTS holder (pid INTEGER)');
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY') === true)
      return Promise.resolve(undefined);
    throw error;
  }
  return Promise.resolve({
    kind: 'sqlite',
    release: () => {
      db.close();
    },
  });
}

/**
 * The pid of the process holding the home's lock, undefined when nobody holds it, or 0 when it
 * is held by a holder that cannot say (the SQLite lock).
 */
export async function daemonLockHolder(options: DaemonLockOptions): Promise<number | undefined> {
  if (kindOf(options) === 'sqlite') {
    const lock = await acquireSqliteLock(options);
    if (lock === undefined) return 0;
    lock.release();
    return undefined;
  }
  const { connect } = lazyRequire('node:net') as typeof Net;
  return new Promise((resolve) => {
    const socket = connect({ path: lockSocketName(options.hybridHome, options.token) });
    let text = '';
    let connected = false;
    socket.on('connect', () => (connected = true));
    socket.setTimeout(1_000, () => socket.destroy());
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('error', () => {
      resolve(undefined);
    });
    socket.on('close', () => {
      const pid = Number(text.trim());
      resolve(Number.isSafeInteger(pid) && pid > 0 ? pid : connected ? 0 : undefined);
    });
  });
}
