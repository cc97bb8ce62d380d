import { isAbsolute, join } from 'node:path';
import { deployAgents } from '../../agents/index.js';
import type { DeployReport } from '../../agents/index.js';
import { installHooks, settingsPath } from '../../claude-code/hooks-installer.js';
import type { HooksWriteReport } from '../../claude-code/hooks-installer.js';
import { assertSettingsContained } from '../../claude-code/settings-containment.js';
import { ensureGitignored } from '../../claude-code/settings-gitignore.js';
import { assemblePmInstructions, writePmInstructions } from '../../claude-code/pm-instructions.js';
import type { LoadedConfig } from '../../config/index.js';
import { PROJECT_DIR } from '../../config/index.js';
import { startDaemon } from '../../daemon/index.js';
import { commandRelay } from './hooks.js';
import { serverEntry } from '../../claude-code/mcp-server-entry.js';
import { installMcpServer, mcpConfigPath } from '../../claude-code/mcp-config.js';
import type { McpWriteReport } from '../../claude-code/mcp-config.js';
import type { DaemonInfo } from '../../daemon/index.js';
import { MemoryStore, PROJECT_MEMORY } from './memory.bundle.js';
import type { Runtime } from '../../runtime.js';

export interface ClaudeCodeSetup {
  readonly deployed: DeployReport;
  readonly daemon: { readonly info: DaemonInfo; readonly started: boolean };
  readonly hooks: HooksWriteReport;
  /** The MCP server registered in the project's `.mcp.json`. */
  readonly mcp: McpWriteReport;
  /** The assembled PM instructions, content-addressed under the cache. */
  readonly instructions: string;
}

/**
 * Everything `claude` needs to run as our project manager, each step skipped when already done:
 * the agents deployed into `.claude/agents`, the daemon running, our hooks in
 * `.claude/settings.local.json` (http, to the daemon; git-ignored), the MCP server in
 * `.mcp.json`, and the PM instructions written. A `.claude/` or settings file that is a symlink out of the project is refused first.
 */
export async function prepareClaudeCode(
  runtime: Runtime,
  loaded: LoadedConfig,
  env: NodeJS.ProcessEnv,
): Promise<ClaudeCodeSetup> {
  const { config } = loaded;
  const settingsFile = settingsPath('local', { projectRoot: loaded.projectRoot, env });
  // Before anything is deployed: a .claude/ that leads elsewhere is refused, not half-used.
  assertSettingsContained(settingsFile, 'local');
  const snapshot = runtime.registry.load();
  const target = isAbsolute(config.agents.deployTarget)
    ? config.agents.deployTarget
    : join(loaded.projectRoot, config.agents.deployTarget);
  const deployed = deployAgents({ agents: snapshot.agents, target, dryRun: false, force: false });
  const daemon = await startDaemon(loaded.hybridHome, { port: config.daemon.port, env });
  const hooks = installHooks({
    file: settingsFile,
    scope: 'local',
    target: {
      mode: 'http',
      port: daemon.info.port,
      token: daemon.info.token,
      relay: commandRelay(),
    },
  });
  ensureGitignored(loaded.projectRoot, 'local');
  const mcp = installMcpServer(
    mcpConfigPath('project', { projectRoot: loaded.projectRoot, env }),
    serverEntry('project', env),
  );
  const pm = snapshot.agents.find((entry) => entry.definition.name === config.routing.defaultAgent);
  const memory = loaded.initialized
    ? new MemoryStore({
        db: runtime.store.db,
        dir: join(loaded.projectRoot, PROJECT_DIR, 'memories'),
      }).show(PROJECT_MEMORY).entries
    : [];
  const text = assemblePmInstructions({
    bundled: pm?.definition.prompt ?? '',
    hybridHome: loaded.hybridHome,
    projectRoot: loaded.projectRoot,
    agents: snapshot.agents
      .map((entry) => entry.definition)
      .filter((agent) => agent.name !== config.routing.defaultAgent),
    projectMemory: memory,
  });
  return {
    deployed,
    daemon: { info: daemon.info, started: daemon.started },
    hooks,
    mcp,
    instructions: writePmInstructions(loaded.hybridHome, text),
  };
}
