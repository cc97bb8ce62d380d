import { bundledChunk } from './lazy-require-bundled.js';
import type { BundledLibrary } from './lazy-require-bundled.js';

/**
 * The CommonJS build's lazyRequire (scripts/build.mjs substitutes this file for
 * lazy-require.ts): the bundle's own `require`, which resolves from `dist/` like the ESM version
 * does from its file, without loading `node:module` at startup.
 */
export const lazyRequire: NodeJS.Require = require;

/** In the build, a bundled library is its chunk in `dist/vendor/`, next to every bundle. */
export function requireBundled(name: BundledLibrary): unknown {
  return lazyRequire(`./${bundledChunk(name)}`);
}
