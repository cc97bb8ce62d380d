import { join } from 'node:path';
import { ResponseCache } from '../cache/index.js';

/** The response cache in the user directory (shared by every project: keys are exact requests). */
export function openResponseCache(
  hybridHome: string,
  settings: { readonly ttlSeconds: number; readonly maxMegabytes: number },
): ResponseCache {
  return ResponseCache.open({
    path: join(hybridHome, 'cache', 'responses.db'),
    secretPath: join(hybridHome, 'secret.key'),
    ttlMs: settings.ttlSeconds * 1000,
    maxBytes: settings.maxMegabytes * 1024 * 1024,
  });
}
