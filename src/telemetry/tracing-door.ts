/**
 * The door to dist/tracing.cjs: tracing-state.ts imports this module dynamically, so the build
 * requires the tracing bundle only when that import runs (the pattern of src/daemon/mcp-door.ts;
 * a dynamic import of the bundle itself would stay an ESM import, which bundles loaded through
 * the V8 code cache cannot run).
 */
export { Tracer } from './tracing.bundle.js';
