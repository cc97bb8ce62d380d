import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-write.js';
import { PRIVATE_FILE_MODE, ensurePrivateDirFor } from './private-files.js';
import { VERSION } from '../version.js';

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

/**
 * The body of a cache file written by writeStampedCache() with this `format` by this
 * claude-hybrid version; undefined for any other file (missing, damaged, older, foreign), which
 * means "compute again". Callers still check the fields they read from the body.
 */
export function readStampedCache(
  path: string,
  format: number,
): Readonly<Record<string, unknown>> | undefined {
  const cache = readCacheFile(path);
  if (typeof cache !== 'object' || cache === null) return undefined;
  const stamped = cache as { format?: unknown; version?: unknown; body?: unknown }; // checked below
  if (stamped.format !== format || stamped.version !== VERSION) return undefined;
  const body = stamped.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>) // an object; its fields are the caller's to check
    : undefined;
}

/** Writes `body` stamped with `format` and this version, for readStampedCache(). */
export function writeStampedCache(path: string, format: number, body: object): void {
  writeCacheFile(path, { format, version: VERSION, body });
}
