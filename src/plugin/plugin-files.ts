import { join } from 'node:path';
import { AgentRegistry, bundledAgentsDir, registryForConfig } from '../agents/index.js';
import { MCP_SERVER_NAME } from '../claude-code/mcp-config.js';
import type { McpServerEntry } from '../claude-code/mcp-config.js';
import type { LoadedConfig } from '../config/index.js';
import { assetDir } from '../files/index.js';
import { COMMAND_SKILL_NAMES, commandSkillFiles } from './command-skills.js';
import type { BuildFiles } from './marketplace-output.js';
import { pluginHooksDocument, PLUGIN_RELAY_FILE } from './plugin-hooks.js';
import {
  PLUGIN_DIR,
  jsonFile,
  marketplaceManifest,
  packageMetadata,
  pluginManifest,
} from './plugin-manifest.js';
import { pluginRelayScript } from './plugin-relay-script.js';
import { readSkillFolders } from './skill-folders.js';
import { HOOK_EVENTS } from '../claude-code/hooks-settings.js';

/**
 * Everything a plugin build writes, as bytes by path: the marketplace manifest, and the plugin's
 * manifest, agents, skills, hooks and MCP server. A pure function of the package (its version,
 * bundled agents and skills) and, with local sources, of the project's and user's own agents
 * and skills: the same input always yields the same bytes.
 */

/** The project and user whose own agents and skills join the bundled ones. */
export interface LocalSources {
  readonly loaded: LoadedConfig;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface PluginFilesOptions {
  /** Also the project's and the user's agents and skills. @default bundled ones only */
  readonly local?: LocalSources | undefined;
  /** Where the bundled skills are. @default the folder shipped next to the code */
  readonly bundledSkillsDir?: string | undefined;
  /**
   * The agent registry's disk cache for the bundled agents (parsed definitions by file, mtime and
   * size, as `agents list` keeps them), so a rebuild does not parse them again. @default none
   */
  readonly agentCacheDir?: string | undefined;
}

export interface PluginContents {
  readonly files: BuildFiles;
  readonly version: string;
  readonly agents: readonly string[];
  readonly skills: readonly string[];
  readonly hookEvents: readonly string[];
}

let skillsDir: string | undefined;

/**
 * The bundled Agent Skills, one `NAME/SKILL.md` folder each: `dist/skills/bundled` in a build,
 * `src/skills/bundled` from source. Missing until the package ships skills: then none are copied.
 */
export function bundledSkillsDir(): string {
  skillsDir ??= assetDir(
    import.meta.url,
    ['./skills/bundled', '../skills/bundled', '../../dist/skills/bundled'],
    './skills/bundled',
  );
  return skillsDir;
}

/** How the plugin starts the MCP server: the `claude-hybrid` on PATH, as a shared `.mcp.json` names it. */
const MCP_ENTRY: McpServerEntry = { type: 'stdio', command: 'claude-hybrid', args: ['mcp'] };

function agentRegistry(
  local: LocalSources | undefined,
  cacheDir: string | undefined,
): AgentRegistry {
  if (local === undefined)
    return new AgentRegistry({
      projectRoot: bundledAgentsDir(),
      hybridHome: bundledAgentsDir(),
      local: false,
      cacheDir,
    });
  return registryForConfig(local.loaded, { cwd: local.cwd, env: local.env });
}

/** Skill folders by precedence, highest first: project, user, bundled. */
function skillSources(options: PluginFilesOptions): string[] {
  const bundled = options.bundledSkillsDir ?? bundledSkillsDir();
  const local = options.local;
  if (local === undefined) return [bundled];
  return [
    join(local.loaded.projectRoot, '.claude-hybrid', 'skills'),
    join(local.loaded.hybridHome, 'skills'),
    bundled,
  ];
}

export function pluginFiles(options: PluginFilesOptions = {}): PluginContents {
  const metadata = packageMetadata();
  const files = new Map<string, string | Buffer>();
  files.set('.claude-plugin/marketplace.json', jsonFile(marketplaceManifest(metadata)));
  const inPlugin = (path: string, content: string | Buffer): void => {
    files.set(`${PLUGIN_DIR}/${path}`, content);
  };
  inPlugin('.claude-plugin/plugin.json', jsonFile(pluginManifest(metadata)));
  const registry = agentRegistry(options.local, options.agentCacheDir);
  const entries = registry.load().agents;
  for (const entry of entries)
    inPlugin(`agents/${entry.definition.name}.md`, registry.rendered.text(entry));
  registry.rendered.save();
  const agents = entries.map((entry) => entry.definition);
  const skills = new Set<string>();
  for (const [path, content] of commandSkillFiles()) inPlugin(path, content);
  for (const name of COMMAND_SKILL_NAMES) skills.add(name);
  for (const dir of skillSources(options))
    for (const skill of readSkillFolders(dir)) {
      if (skills.has(skill.name)) continue; // a higher tier (or a command) has this name
      skills.add(skill.name);
      for (const [path, content] of skill.files) inPlugin(`skills/${skill.name}/${path}`, content);
    }
  inPlugin('hooks/hooks.json', jsonFile(pluginHooksDocument()));
  inPlugin(PLUGIN_RELAY_FILE, pluginRelayScript());
  inPlugin('.mcp.json', jsonFile({ mcpServers: { [MCP_SERVER_NAME]: MCP_ENTRY } }));
  return {
    files,
    version: metadata.version,
    agents: agents.map((agent) => agent.name),
    skills: [...skills].sort(),
    hookEvents: HOOK_EVENTS,
  };
}
