import { join } from 'node:path';
import { ResponseCache } from '../cache/index.js';
import type { SharedCacheTier } from '../cache/index.js';

/**
 * The response cache in the user directory (shared by every project: keys are exact requests),
 * in front of the shared store's table when there is one.
 */
export function openResponseCache(
  hybridHome: string,
  settings: { readonly ttlSeconds: number; readonly maxMegabytes: number },
  shared?: { readonly tier: SharedCacheTier; readonly warn: (message: string) => void },
): ResponseCache {
  return ResponseCache.open({
    path: join(hybridHome, 'cache', 'responses.db'),
    secretPath: join(hybridHome, 'secret.key'),
    ttlMs: settings.ttlSeconds * 1000,
    maxBytes: settings.maxMegabytes * 1024 * 1024,
    ...(shared === undefined ? {} : { shared: shared.tier, warn: shared.warn }),
  });
}
