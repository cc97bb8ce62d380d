import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Files that ship next to the code (bundled agents, example workflows) live in one place in a
 * build (`dist/...`, beside the bundle) and another when running from source (tests): the first
 * of `candidates`, resolved against `base` (the caller's `import.meta.url`), that exists, else
 * `fallback`.
 */
export function assetDir(base: string, candidates: readonly string[], fallback: string): string {
  for (const candidate of candidates) {
    const dir = fileURLToPath(new URL(candidate, base));
    if (existsSync(dir)) return dir;
  }
  return fileURLToPath(new URL(fallback, base));
}
