/**
 * The door to dist/engine.cjs for `--online`: the Anthropic provider and the shared store live
 * there. The checks load this module with `import()`, which the CommonJS build turns into a lazy
 * module init; this module's static import of the engine bundle then becomes a plain `require`
 * at that moment (a real dynamic import would need an ESM loader the code-cached bundles do not
 * have). Offline, the engine is never loaded.
 */
export { anthropicProvider, bundledModelTable, checkSharedStore } from '../engine/engine.bundle.js';
