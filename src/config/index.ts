export { CONFIG_FORMAT_VERSION, CONFIG_KEYS, envNameFor } from './config-keys.js';
export type { ConfigKey, ConfigKind } from './config-keys.js';
export { DEFAULT_CONFIG } from './defaults.js';
export type { Config, ConfigLayer } from './defaults.js';
export { ConfigInvalidError, formatIssue } from './config-issues.js';
export type { ConfigIssue } from './config-issues.js';
export { loadConfig } from './loader.js';
export type { LoadConfigOptions, LoadedConfig } from './loader.js';
export {
  CONFIG_FILE,
  PROJECT_DIR,
  findProjectRoot,
  projectConfigPath,
  resolveHybridHome,
  stateDbPath,
  userConfigPath,
} from './paths.js';
export { configTemplate } from './template.js';
