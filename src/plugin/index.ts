export { buildPlugin, DEFAULT_OUT } from './build-plugin.js';
export type { BuildPluginOptions, PluginBuildReport } from './build-plugin.js';
export { pluginFiles, bundledSkillsDir } from './plugin-files.js';
export type { LocalSources, PluginContents, PluginFilesOptions } from './plugin-files.js';
export { BUILD_MARKER, staleFiles, writeMarketplace } from './marketplace-output.js';
export type { BuildFiles, WriteReport } from './marketplace-output.js';
export { MARKETPLACE_NAME, PLUGIN_DIR, PLUGIN_NAME } from './plugin-manifest.js';
export { describeEnabled, enabledPlugin, pluginAgentNames } from './enabled-plugin.js';
export type { EnabledPlugin, PluginLookup } from './enabled-plugin.js';
export { agentNameOfType } from './plugin-agent-name.js';
export {
  staleRepositoryMarketplace,
  writeRepositoryMarketplace,
} from './repository-marketplace.js';
