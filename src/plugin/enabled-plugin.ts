import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { settingsPath } from '../claude-code/hooks-installer.js';
import type { HookScope } from '../claude-code/hooks-settings.js';
import { claudeHomeFromEnv } from '../agents/discovery.js';
import { PLUGIN_NAME } from './plugin-manifest.js';

/**
 * Whether Claude Code has the claude-hybrid plugin enabled for a project, so that `hooks install`,
 * `mcp install` and `agents deploy` do not register a second copy of what it brings, and `doctor`
 * can say which path is in use. Claude Code records enabled plugins in its settings as
 * `"enabledPlugins": {"<plugin>@<marketplace>": true}`, in user, project and local settings; a
 * more specific file decides (local over project over user), so a plugin enabled for the user
 * and disabled (`false`) for the project is off there. Any marketplace counts: the id's plugin
 * part is what names it. Settings that cannot be read count as enabling nothing.
 */

/** The more specific scope first: the first file that names an id decides it. */
const SCOPES: readonly HookScope[] = ['local', 'project', 'user'];

export interface EnabledPlugin {
  /** `claude-hybrid@<marketplace>`. */
  readonly id: string;
  /** The settings scope that enables it. */
  readonly scope: HookScope;
  readonly file: string;
}

export interface PluginLookup {
  readonly projectRoot: string;
  /** Reads CLAUDE_CONFIG_DIR and HOME. */
  readonly env: NodeJS.ProcessEnv;
}

function enabledPluginsOf(file: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as { enabledPlugins?: unknown }; // checked below
    const plugins = value.enabledPlugins;
    return typeof plugins === 'object' && plugins !== null && !Array.isArray(plugins)
      ? (plugins as Record<string, unknown>) // a JSON object
      : undefined;
  } catch {
    return undefined;
  }
}

/** The enabled claude-hybrid plugin for this project, or undefined when none is enabled. */
export function enabledPlugin(lookup: PluginLookup): EnabledPlugin | undefined {
  const decided = new Set<string>();
  for (const scope of SCOPES) {
    const file = settingsPath(scope, lookup);
    const plugins = enabledPluginsOf(file);
    if (plugins === undefined) continue;
    for (const [id, enabled] of Object.entries(plugins)) {
      if (!id.startsWith(`${PLUGIN_NAME}@`) || decided.has(id)) continue;
      decided.add(id);
      if (enabled === true) return { id, scope, file };
    }
  }
  return undefined;
}

/**
 * The agent names the installed plugin `id` brings (its `agents/*.md`), from Claude Code's
 * `plugins/installed_plugins.json`; undefined when that cannot be read.
 */
export function pluginAgentNames(id: string, env: NodeJS.ProcessEnv): string[] | undefined {
  try {
    const file = join(claudeHomeFromEnv(env), 'plugins', 'installed_plugins.json');
    const value = JSON.parse(readFileSync(file, 'utf8')) as {
      plugins?: Record<string, unknown>;
    }; // Claude Code's format (version 2); every field is checked before use
    const installs: unknown = value.plugins?.[id];
    if (!Array.isArray(installs)) return undefined;
    const names = new Set<string>();
    for (const install of installs as unknown[]) {
      const path = (install as { installPath?: unknown } | null)?.installPath; // checked next
      if (typeof path !== 'string') continue;
      for (const name of readdirSync(join(path, 'agents')))
        if (name.endsWith('.md')) names.add(name.slice(0, -'.md'.length));
    }
    return names.size === 0 ? undefined : [...names].sort();
  } catch {
    return undefined;
  }
}

/** One line saying the plugin is enabled and where, for the commands that step aside. */
export function describeEnabled(plugin: EnabledPlugin): string {
  return `the ${plugin.id} plugin is enabled (${plugin.scope} settings, ${plugin.file})`;
}
