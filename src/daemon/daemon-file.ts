import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/index.js';
import { daemonFilePath, readDaemonFile } from './daemon-info.js';
import type { DaemonInfo } from './daemon-info.js';

export { daemonFilePath, readDaemonFile };
export type { DaemonInfo };

/** Written atomically with mode 0600: the token is a credential. */
export function writeDaemonFile(hybridHome: string, info: DaemonInfo): void {
  writeFileAtomic(daemonFilePath(hybridHome), `${JSON.stringify(info, null, 2)}\n`, 0o600);
}

/** Removes the file if it still names process `pid` (a newer daemon's file is left alone). */
export function removeDaemonFile(hybridHome: string, pid: number): void {
  if (readDaemonFile(hybridHome)?.pid === pid) rmSync(daemonFilePath(hybridHome), { force: true });
}

/**
 * The daemon's token, kept in `$CLAUDE_HYBRID_HOME/daemon.token` (mode 0600) across restarts:
 * installed http hooks carry it, so a restarted daemon must accept the same one. Created on
 * first use.
 */
export function daemonToken(hybridHome: string): string {
  const file = join(hybridHome, 'daemon.token');
  const existing = readToken(file);
  if (existing !== undefined) return existing;
  // Written aside, then linked into place: link() fails when the file exists, so of several
  // daemons starting at once for a new home, the first token stays and the others read it
  // (the token names the daemon lock too, see daemon-lock.ts).
  const token = randomBytes(24).toString('base64url');
  const temp = `${file}.${process.pid}.tmp`;
  writeFileAtomic(temp, `${token}\n`, 0o600);
  try {
    linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = readToken(file);
    if (winner !== undefined) return winner;
    writeFileAtomic(file, `${token}\n`, 0o600); // not a token: replaced
  } finally {
    rmSync(temp, { force: true });
  }
  return token;
}

/** The home's daemon token when there is one (never creates it). */
export function readDaemonToken(hybridHome: string): string | undefined {
  return readToken(join(hybridHome, 'daemon.token'));
}

function readToken(file: string): string | undefined {
  try {
    const token = readFileSync(file, 'utf8').trim();
    return /^[A-Za-z0-9_-]{24,}$/.test(token) ? token : undefined;
  } catch {
    return undefined; // not there yet
  }
}

/** Where hook-relay.sh finds curl's options for reaching the daemon, the token among them. */
export function relayConfigPath(hybridHome: string): string {
  return join(hybridHome, 'relay.curlrc');
}

/**
 * The curl config hook-relay.sh posts with (mode 0600: it holds the token, which therefore never
 * appears on a command line). No proxy, however the environment is set: the daemon is loopback.
 */
export function writeRelayConfig(hybridHome: string, token: string): void {
  const lines = [
    '# claude-hybrid: how hook-relay.sh reaches the daemon (written by the daemon at start)',
    'silent',
    'show-error',
    'fail',
    'noproxy = "*"',
    'max-time = 10',
    // Streamed from stdin only once connected: when the daemon is gone, stdin is still unread.
    'request = "POST"',
    'upload-file = "-"',
    'header = "Content-Type: application/json"',
    'header = "Expect:"', // no 100-continue round trip before the body
    `header = "Authorization: Bearer ${token}"`,
  ];
  writeFileAtomic(relayConfigPath(hybridHome), `${lines.join('\n')}\n`, 0o600);
}
