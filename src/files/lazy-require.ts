import { createRequire } from 'node:module';
import { BUNDLED_PARTS } from './lazy-require-bundled.js';
import type { BundledLibrary } from './lazy-require-bundled.js';

/**
 * A synchronous `require` for modules that only some code paths need (node:crypto, node:tty,
 * better-sqlite3). Loading them at startup would cost every command milliseconds; requiring
 * them on first use costs only the commands that use them. Resolves from this file, which in a
 * build is `dist/app.cjs`, so packages resolve from the installed `node_modules`.
 */
export const lazyRequire: NodeJS.Require = createRequire(import.meta.url);

/**
 * Requires a library the build bundles into `dist/vendor/` (see lazy-require-bundled.ts). From
 * the sources (tests, benches) it is the package in `node_modules`, a devDependency.
 */
export function requireBundled(name: BundledLibrary): unknown {
  const parts = BUNDLED_PARTS[name];
  if (parts === undefined) return lazyRequire(name);
  return Object.assign({}, ...parts.map((part) => lazyRequire(part) as object)) as unknown;
}
