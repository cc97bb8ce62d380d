/**
 * The CommonJS build's lazyRequire (scripts/build.mjs substitutes this file for
 * lazy-require.ts): the bundle's own `require`, which resolves from `dist/` like the ESM version
 * does from its file, without loading `node:module` at startup.
 */
export const lazyRequire: NodeJS.Require = require;
