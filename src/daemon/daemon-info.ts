/**
 * Reading `$CLAUDE_HYBRID_HOME/daemon.json`: what every client of the daemon needs, and nothing
 * heavy, so the CLI's entry and the hook relay can import it (daemon-file.ts writes it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '../files/process-alive.js';

/** Where a running daemon says how to reach it: `$CLAUDE_HYBRID_HOME/daemon.json`, mode 0600. */
export interface DaemonInfo {
  readonly port: number;
  readonly pid: number;
  /** Required on every request except `GET /health`. */
  readonly token: string;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly version: string;
}

export function daemonFilePath(hybridHome: string): string {
  return join(hybridHome, 'daemon.json');
}

/** The daemon file, or undefined when there is none (or it is not one of ours). */
export function readDaemonFile(hybridHome: string): DaemonInfo | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(daemonFilePath(hybridHome), 'utf8'));
  } catch {
    return undefined;
  }
  const info = value as Partial<DaemonInfo> | null;
  return typeof info?.port === 'number' &&
    typeof info.pid === 'number' &&
    typeof info.token === 'string' &&
    typeof info.startedAt === 'number'
    ? {
        port: info.port,
        pid: info.pid,
        token: info.token,
        startedAt: info.startedAt,
        version: typeof info.version === 'string' ? info.version : '',
      }
    : undefined;
}

/** The daemon file when the process it names is alive; undefined otherwise. */
export function liveDaemon(hybridHome: string): DaemonInfo | undefined {
  const info = readDaemonFile(hybridHome);
  return info !== undefined && processAlive(info.pid) ? info : undefined;
}
