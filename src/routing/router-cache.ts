import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentDefinition } from '../agents/index.js';
import { fastHashHex } from '../files/index.js';
import { VERSION } from '../version.js';
import { Bm25Index } from './bm25-index.js';
import { Router } from './router.js';
import type { RouterOptions } from './router.js';

/**
 * Builds a Router, reusing the index from `$CLAUDE_HYBRID_HOME/cache/routing/` when the agents
 * are unchanged: the key is the registry's fingerprint (every file's mtime and size, in scan
 * order), the agent count, the index options and the Claude Hybrid version, so the index is rebuilt only when the
 * registry changes. Building reads every agent's prompt; a cached index reads none of them.
 */
export function routerWithCache(
  agents: readonly AgentDefinition[],
  options: RouterOptions & { readonly cacheDir?: string | undefined; readonly fingerprint: string },
): Router {
  if (options.cacheDir === undefined) return new Router(agents, options);
  const key = `${VERSION}\n${options.fingerprint}\n${JSON.stringify(options.bm25 ?? {})}\n${agents.length}`;
  const file = join(options.cacheDir, `${fastHashHex(key)}.bm25`);
  let cached: Bm25Index | undefined;
  try {
    cached = Bm25Index.deserialize(readFileSync(file));
  } catch {
    cached = undefined;
  }
  if (cached !== undefined && cached.size === agents.length)
    return new Router(agents, options, cached);
  const router = new Router(agents, options);
  try {
    mkdirSync(options.cacheDir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, router.serializeIndex());
    renameSync(temp, file);
  } catch {
    // A read-only home only costs speed.
  }
  return router;
}
