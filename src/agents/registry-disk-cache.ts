import { join } from 'node:path';
import { fastHashHex, readStampedCache, writeStampedCache } from '../files/index.js';
import type { AgentData } from './agent-record.js';
import type { AgentFileProblem, AgentFileWarning } from './definition.js';

/**
 * The registry's parse cache on disk, one JSON file per agent directory under
 * `$CLAUDE_HYBRID_HOME/cache/agents/`. It keeps each file's validated definition (never the body)
 * keyed by name, mtime and size, so a new process stats the files and parses none that are
 * unchanged. It is only a cache: any mismatch (format, claude-hybrid version, directory,
 * BASE-AGENT.md) or any read error means "parse again", and a failed write is ignored.
 */
export const REGISTRY_CACHE_FORMAT = 8;

export type DiskRecord =
  | {
      readonly mtimeMs: number;
      readonly size: number;
      readonly kind: 'ok';
      /** The validated, normalised fields, so loading needs no parsing or validation (the raw frontmatter and body are read from the file only if asked for). */
      readonly data: AgentData;
      readonly managed: boolean;
      readonly warnings: readonly AgentFileWarning[];
    }
  | {
      readonly mtimeMs: number;
      readonly size: number;
      readonly kind: 'invalid';
      readonly problem: AgentFileProblem;
    };

/** The body of the cache file (readStampedCache() checks its format and version). */
interface DiskCacheBody {
  readonly dir: string;
  readonly baseKey: string;
  readonly files: Record<string, DiskRecord>;
}

export function diskCachePath(cacheDir: string, dir: string): string {
  return join(cacheDir, `${fastHashHex(dir)}.json`);
}

export function readDiskCache(
  cacheDir: string,
  dir: string,
  baseKey: string,
): Readonly<Record<string, DiskRecord>> | undefined {
  const cache = readStampedCache(diskCachePath(cacheDir, dir), REGISTRY_CACHE_FORMAT) as
    Partial<DiskCacheBody> | undefined; // shape checked field by field below
  if (
    cache === undefined ||
    cache.dir !== dir ||
    cache.baseKey !== baseKey ||
    typeof cache.files !== 'object' ||
    cache.files === null
  )
    return undefined;
  return cache.files;
}

export function writeDiskCache(
  cacheDir: string,
  dir: string,
  baseKey: string,
  records: ReadonlyMap<string, DiskRecord>,
): void {
  const body: DiskCacheBody = { dir, baseKey, files: Object.fromEntries(records) };
  writeStampedCache(diskCachePath(cacheDir, dir), REGISTRY_CACHE_FORMAT, body);
}
