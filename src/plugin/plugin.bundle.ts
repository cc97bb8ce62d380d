/**
 * The entry of dist/plugin.cjs (see scripts/build.mjs): `plugin build` loads only this, not the
 * commands bundle, so a build costs little more than rendering what it writes.
 */
export { buildPlugin, DEFAULT_OUT } from './build-plugin.js';
export type { BuildPluginOptions, PluginBuildReport } from './build-plugin.js';
