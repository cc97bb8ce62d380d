import { join } from 'node:path';
import type { LoadedConfig } from '../config/index.js';
import { claudeHomeFromEnv } from './discovery.js';
import { AgentRegistry } from './registry.js';

export interface ConfigRegistryOptions {
  /** `--agents-dir` values, resolved against `cwd`. */
  readonly agentDirs?: readonly string[];
  readonly cwd: string;
  /** Reads `CLAUDE_CONFIG_DIR` and `HOME` (Claude Code's agents). */
  readonly env: NodeJS.ProcessEnv;
}

/** The agent registry a loaded config describes: its sources, the bundled agents and the cache. */
export function registryForConfig(
  loaded: LoadedConfig,
  options: ConfigRegistryOptions,
): AgentRegistry {
  return new AgentRegistry({
    projectRoot: loaded.projectRoot,
    hybridHome: loaded.hybridHome,
    claudeHome: claudeHomeFromEnv(options.env),
    bundled: loaded.config.agents.bundled,
    configPaths: loaded.config.agents.paths,
    flagPaths: options.agentDirs ?? [],
    cwd: options.cwd,
    cacheDir: loaded.config.agents.cache ? join(loaded.hybridHome, 'cache', 'agents') : undefined,
  });
}
