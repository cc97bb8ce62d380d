import { join, resolve } from 'node:path';
import { loadConfig, resolveHybridHome } from '../config/index.js';
import { writeMarketplace } from './marketplace-output.js';
import type { WriteReport } from './marketplace-output.js';
import { pluginFiles } from './plugin-files.js';
import { MARKETPLACE_NAME, PLUGIN_DIR, PLUGIN_NAME } from './plugin-manifest.js';

export interface BuildPluginOptions {
  /** The marketplace folder to write, relative to `cwd`. @default 'claude-hybrid-marketplace' */
  readonly out?: string | undefined;
  /**
   * Also the project's and the user's own agents (every tier `agents list` shows) and skills
   * (`.claude-hybrid/skills`, `$CLAUDE_HYBRID_HOME/skills`). @default false: the bundled ones
   */
  readonly includeLocal?: boolean | undefined;
  /** The working directory: the project, and the base of a relative `out`. @default process.cwd() */
  readonly cwd?: string | undefined;
  /** Reads CLAUDE_HYBRID_HOME, CLAUDE_CONFIG_DIR and HOME. @default process.env */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

export interface PluginBuildReport extends WriteReport {
  /** The marketplace folder, absolute. */
  readonly out: string;
  /** The plugin's folder inside it. */
  readonly pluginDir: string;
  readonly marketplace: string;
  readonly plugin: string;
  readonly version: string;
  readonly agents: readonly string[];
  readonly skills: readonly string[];
  readonly hookEvents: readonly string[];
  /** Every file of the build, relative to `out`. */
  readonly files: readonly string[];
}

export const DEFAULT_OUT = 'claude-hybrid-marketplace';

/**
 * `claude-hybrid plugin build`: writes a Claude Code marketplace holding the claude-hybrid plugin
 * into `out` (see writeMarketplace for which folders are accepted). Re-running it changes no byte.
 */
export async function buildPlugin(options: BuildPluginOptions = {}): Promise<PluginBuildReport> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const out = resolve(cwd, options.out ?? DEFAULT_OUT);
  const local =
    options.includeLocal === true
      ? { loaded: await loadConfig({ cwd, env }), cwd, env }
      : undefined;
  // The cache `agents list` keeps in the home (agents.cache, on by default): a rebuild of the
  // bundled agents reads their parsed definitions instead of parsing the files again.
  const agentCacheDir = join(resolveHybridHome(env), 'cache', 'agents');
  const contents = pluginFiles({ local, agentCacheDir });
  const report = writeMarketplace(out, contents.files);
  return {
    ...report,
    out,
    pluginDir: resolve(out, PLUGIN_DIR),
    marketplace: MARKETPLACE_NAME,
    plugin: PLUGIN_NAME,
    version: contents.version,
    agents: contents.agents,
    skills: contents.skills,
    hookEvents: contents.hookEvents,
    files: [...contents.files.keys()].sort(),
  };
}
