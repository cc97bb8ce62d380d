import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedConfig } from '../config/index.js';
import { resolveHybridHome, stateDbPath } from '../config/paths.js';
import { checkResult, formatBytes } from './check-result.js';
import type { DoctorInput } from './check-result.js';
import { shellPath } from './check-dirs.js';
import type { DoctorCheck } from './types.js';

/** Past this, a regenerable cache is worth clearing. */
export const LARGE_CACHE_BYTES = 1024 ** 3;
/** Past this, the event log slows `events`, `stats` and the dashboard. */
export const LARGE_LOG_BYTES = 1024 ** 3;
/** A folder is summed to this many entries at most: the doctor stays quick. */
const MAX_ENTRIES = 20_000;

/** Bytes under `path` (a file, or a folder summed recursively; links are not followed). */
export function sizeOf(path: string, budget = { left: MAX_ENTRIES }): number {
  let stats;
  try {
    stats = lstatSync(path);
  } catch {
    return 0;
  }
  if (stats.isFile()) return stats.size;
  if (!stats.isDirectory()) return 0;
  let names: string[];
  try {
    names = readdirSync(path);
  } catch {
    return 0;
  }
  let total = 0;
  for (const name of names) {
    if (budget.left <= 0) break;
    budget.left -= 1;
    total += sizeOf(join(path, name), budget);
  }
  return total;
}

/** A SQLite database with its `-wal` and `-shm`. */
function databaseSize(file: string): number {
  return ['', '-wal', '-shm'].reduce((sum, suffix) => sum + sizeOf(`${file}${suffix}`), 0);
}

interface Part {
  readonly name: string;
  readonly bytes: number;
  /** How to reclaim it, for a part that grew large. */
  readonly fix: string;
}

/** Disk use of the caches in the home and of the event log (the project's state.db). */
export function checkDisk(input: DoctorInput, loaded: LoadedConfig | undefined): DoctorCheck {
  const title = 'Disk use';
  const home = loaded?.hybridHome ?? resolveHybridHome(input.env);
  const cache = join(home, 'cache');
  const parts: Part[] = [
    {
      name: 'response cache',
      bytes: databaseSize(join(cache, 'responses.db')),
      fix: 'claude-hybrid cache clear',
    },
    ...(['routing', 'embeddings', 'agents', 'config', 'pm'] as const).map((dir) => ({
      name: `${dir} index`,
      bytes: sizeOf(join(cache, dir)),
      fix: `rm -rf ${shellPath(join(cache, dir))} (rebuilt on next use)`,
    })),
    {
      name: 'compile cache',
      bytes: sizeOf(join(cache, 'v8')),
      fix: `rm -rf ${shellPath(join(cache, 'v8'))} (rebuilt on next use)`,
    },
  ];
  const cacheTotal = parts.reduce((sum, part) => sum + part.bytes, 0);
  const shown = parts
    .filter((part) => part.bytes > 0)
    .map((part) => `${part.name} ${formatBytes(part.bytes)}`);
  const caches = `caches ${formatBytes(cacheTotal)}${shown.length === 0 ? '' : ` (${shown.join(', ')})`}`;
  const logFile = loaded?.initialized === true ? stateDbPath(loaded.projectRoot) : undefined;
  const logBytes = logFile === undefined ? 0 : databaseSize(logFile);
  const daemonLog = sizeOf(join(home, 'daemon.log'));
  const logs = [
    logFile === undefined ? undefined : `event log ${formatBytes(logBytes)} (${logFile})`,
    daemonLog > 0 ? `daemon.log ${formatBytes(daemonLog)}` : undefined,
  ].filter((text): text is string => text !== undefined);
  const detail = [caches, ...logs].join('; ');
  const largest = [...parts].sort((left, right) => right.bytes - left.bytes)[0];
  if (cacheTotal > LARGE_CACHE_BYTES && largest !== undefined)
    return checkResult(
      'disk',
      title,
      'warn',
      `${detail}: over ${formatBytes(LARGE_CACHE_BYTES)}`,
      largest.fix,
    );
  if (logFile !== undefined && logBytes > LARGE_LOG_BYTES)
    return checkResult(
      'disk',
      title,
      'warn',
      `${detail}: the event log is over ${formatBytes(LARGE_LOG_BYTES)}`,
      `copy ${shellPath(logFile)} aside to keep the history, then move it away: a new one is created (runs, events and workflow runs start afresh)`,
    );
  if (daemonLog > LARGE_LOG_BYTES)
    return checkResult(
      'disk',
      title,
      'warn',
      `${detail}: daemon.log is over ${formatBytes(LARGE_LOG_BYTES)}`,
      `truncate -s 0 ${shellPath(join(home, 'daemon.log'))}`,
    );
  return checkResult('disk', title, 'ok', detail);
}
