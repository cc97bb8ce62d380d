import { join } from 'node:path';
import type { AgentDefinition } from '../agents/index.js';
import { fastHashHex, readCacheFile, writeCacheFile } from '../files/index.js';
import { VERSION } from '../version.js';
import { Bm25Index } from './bm25-index.js';
import type { SerializedBm25Index } from './bm25-index.js';
import { Router } from './router.js';
import type { RouterOptions } from './router.js';

/**
 * Builds a Router, reusing the index from `$CLAUDE_HYBRID_HOME/cache/routing/` when the agents
 * are unchanged: the key is the registry's fingerprint (every file's path, mtime and size) plus
 * the index options, so the index is rebuilt only when the registry changes. Building reads
 * every agent's prompt; a cached index needs none of them.
 */
const FORMAT = 1;

interface CachedIndex {
  readonly format: number;
  readonly version: string;
  readonly names: readonly string[];
  readonly index: SerializedBm25Index;
}

export function routerWithCache(
  agents: readonly AgentDefinition[],
  options: RouterOptions & { readonly cacheDir?: string | undefined; readonly fingerprint: string },
): Router {
  if (options.cacheDir === undefined) return new Router(agents, options);
  const file = join(
    options.cacheDir,
    `${fastHashHex(`${options.fingerprint}\n${JSON.stringify(options.bm25 ?? {})}`)}.json`,
  );
  const cached = readCacheFile(file) as Partial<CachedIndex> | null | undefined; // checked below
  const names = agents.map((agent) => agent.name);
  if (
    cached !== null &&
    cached !== undefined &&
    cached.format === FORMAT &&
    cached.version === VERSION &&
    Array.isArray(cached.names) &&
    cached.names.length === names.length &&
    cached.names.every((name, position) => name === names[position]) &&
    cached.index !== undefined
  ) {
    return new Router(agents, options, Bm25Index.fromSerialized(cached.index));
  }
  const router = new Router(agents, options);
  const entry: CachedIndex = {
    format: FORMAT,
    version: VERSION,
    names,
    index: router.serializeIndex(),
  };
  writeCacheFile(file, entry);
  return router;
}
