import { statSync } from 'node:fs';
import { join } from 'node:path';

/** The bundles a command the daemon runs for the CLI may load (see served-commands.ts). */
const BUNDLES = ['app.cjs', 'commands.cjs', 'routing.cjs', 'memory.cjs'];

/**
 * Which build of the CLI is in `distDir`: each bundle's size and mtime. The CLI sends its own,
 * and the daemon runs a command for it only with the same build loaded, so a daemon started
 * before a rebuild or an upgrade never answers with old code. Undefined when a bundle is missing.
 */
export function buildStamp(distDir: string): string | undefined {
  const parts: string[] = [];
  for (const bundle of BUNDLES) {
    try {
      const stats = statSync(join(distDir, bundle));
      parts.push(`${stats.size}@${Math.trunc(stats.mtimeMs)}`);
    } catch {
      return undefined;
    }
  }
  return parts.join(',');
}
