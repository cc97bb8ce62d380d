import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fastHashHex, readCacheFile, writeCacheFile } from '../files/index.js';
import { VERSION } from '../version.js';

/**
 * Remembers config files that validated cleanly, keyed by path, mtime, size and the Claude
 * Hybrid version, in `$CLAUDE_HYBRID_HOME/cache/config/`. Building the zod schema and parsing
 * YAML would otherwise cost every command in an initialised project a few milliseconds. Only
 * clean results are kept, so errors are always reported from a fresh validation; any mismatch
 * or damage means "validate again".
 */
// 2: hooks.denyBash patterns are checked with re2js; entries validated without that are stale.
const FORMAT = 2;

export interface FileStamp {
  readonly mtimeMs: number;
  readonly size: number;
}

interface CacheEntry {
  readonly format: number;
  readonly version: string;
  readonly file: string;
  readonly mtimeMs: number;
  readonly size: number;
  readonly layer: Record<string, unknown>;
}

function entryPath(cacheDir: string, file: string): string {
  return join(cacheDir, `${fastHashHex(file)}.json`);
}

/** The cached clean layer for `file` as it is now on disk, if there is one. */
/** The cache's entry for `file` when it is one of this format, for this file; else undefined. */
function entryFor(cacheDir: string, file: string): CacheEntry | undefined {
  let entry: Partial<CacheEntry> | null | undefined;
  try {
    entry = readCacheFile(entryPath(cacheDir, file)) as Partial<CacheEntry> | null | undefined; // checked below
  } catch {
    return undefined;
  }
  if (entry === null || entry === undefined || typeof entry !== 'object') return undefined;
  const usable =
    entry.format === FORMAT &&
    entry.file === file &&
    typeof entry.layer === 'object' &&
    entry.layer !== null;
  return usable ? (entry as CacheEntry) : undefined; // every field read below was checked
}

export function cachedLayer(cacheDir: string, file: string): Record<string, unknown> | undefined {
  let stamp: FileStamp;
  try {
    const stats = statSync(file);
    stamp = { mtimeMs: stats.mtimeMs, size: stats.size };
  } catch {
    return undefined;
  }
  const entry = entryFor(cacheDir, file);
  const matches =
    entry !== undefined &&
    entry.version === VERSION &&
    entry.mtimeMs === stamp.mtimeMs &&
    entry.size === stamp.size;
  return matches ? entry.layer : undefined;
}

/**
 * The layer `file` last validated cleanly to, whatever the file holds now (changed, broken or
 * gone), if this cache has one: what the Bash policy falls back on (hooks.onBadPolicy keep-last).
 */
export function lastCleanLayer(
  cacheDir: string,
  file: string,
): Record<string, unknown> | undefined {
  return entryFor(cacheDir, file)?.layer;
}

export function rememberLayer(
  cacheDir: string,
  file: string,
  stamp: FileStamp,
  layer: Record<string, unknown>,
): void {
  const entry: CacheEntry = {
    format: FORMAT,
    version: VERSION,
    file,
    mtimeMs: stamp.mtimeMs,
    size: stamp.size,
    layer,
  };
  writeCacheFile(entryPath(cacheDir, file), entry);
}
