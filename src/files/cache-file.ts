import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-write.js';
import { PRIVATE_FILE_MODE, ensurePrivateDirFor } from './private-files.js';

/**
 * Cache files hold only what can be recomputed, so they fail soft: reading one that is missing,
 * unreadable or not JSON gives `undefined` (recompute), and a failed write (a read-only home)
 * is ignored (it only costs speed). Callers still check every field they read.
 */
export function readCacheFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export function writeCacheFile(path: string, value: unknown): void {
  try {
    ensurePrivateDirFor(path);
    writeFileAtomic(path, JSON.stringify(value), PRIVATE_FILE_MODE);
  } catch {
    // Only speed is lost.
  }
}
