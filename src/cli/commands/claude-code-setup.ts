import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { deployAgents } from '../../agents/index.js';
import type { DeployReport, RegistrySnapshot } from '../../agents/index.js';
import { installHooks, settingsPath } from '../../claude-code/hooks-installer.js';
import type { HooksWriteReport } from '../../claude-code/hooks-installer.js';
import { assertSettingsContained } from '../../claude-code/settings-containment.js';
import { ensureGitignored } from '../../claude-code/settings-gitignore.js';
import {
  assemblePmInstructions,
  pmInstructionsPath,
  writePmInstructions,
} from '../../claude-code/pm-instructions.js';
import type { LoadedConfig } from '../../config/index.js';
import { PROJECT_DIR } from '../../config/index.js';
import { readDaemonToken, runningDaemon, startDaemon } from '../../daemon/index.js';
import { commandRelay } from './hooks.js';
import { serverEntry } from '../../claude-code/mcp-server-entry.js';
import { installMcpServer, mcpConfigPath } from '../../claude-code/mcp-config.js';
import type { McpWriteReport } from '../../claude-code/mcp-config.js';
import type { DaemonInfo } from '../../daemon/index.js';
import { MemoryStore, PROJECT_MEMORY, parseMemoryFile } from './memory.bundle.js';
import type { MemoryEntry } from '../../memory/index.js';
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

/** What prepareClaudeCode() would do, worked out without changing anything (`code --print`). */
export interface ClaudeCodePlan {
  /** The agents that would be written into the deploy target: new ones, then changed ones. */
  readonly agentsToDeploy: readonly string[];
  /** The running daemon's port, or the configured one it would be started on. */
  readonly daemon: { readonly port: number; readonly running: boolean };
  /** `changed`: our hooks would be (re)written into this settings file. */
  readonly hooks: HooksWriteReport;
  /** `changed`: our server would be (re)registered in this `.mcp.json`. */
  readonly mcp: McpWriteReport;
  /** Where the instructions would be written (or already are), and their text. */
  readonly instructions: { readonly file: string; readonly text: string };
}

/** Paths and content shared by the setup and its plan. */
function setupInputs(
  runtime: Runtime,
  loaded: LoadedConfig,
  env: NodeJS.ProcessEnv,
  projectMemory: readonly MemoryEntry[],
) {
  const { config } = loaded;
  const settingsFile = settingsPath('local', { projectRoot: loaded.projectRoot, env });
  // Before anything is deployed: a .claude/ that leads elsewhere is refused, not half-used.
  assertSettingsContained(settingsFile, 'local');
  const snapshot = runtime.registry.load();
  const target = isAbsolute(config.agents.deployTarget)
    ? config.agents.deployTarget
    : join(loaded.projectRoot, config.agents.deployTarget);
  return {
    settingsFile,
    snapshot,
    target,
    mcpFile: mcpConfigPath('project', { projectRoot: loaded.projectRoot, env }),
    mcpEntry: serverEntry('project', env),
    text: pmText(loaded, snapshot, projectMemory),
  };
}

/** Every agent into the deploy target, or (dryRun) what that would do. */
function deployAll(
  runtime: Runtime,
  inputs: ReturnType<typeof setupInputs>,
  dryRun: boolean,
): DeployReport {
  return deployAgents({
    agents: inputs.snapshot.agents,
    target: inputs.target,
    dryRun,
    force: false,
    rendered: runtime.registry.rendered,
  });
}

function hooksTarget(port: number, token: string) {
  return { mode: 'http' as const, port, token, relay: commandRelay() };
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
  const memory = loaded.initialized
    ? new MemoryStore({ db: runtime.store.db, dir: memoryDir(loaded) }).show(PROJECT_MEMORY).entries
    : [];
  const inputs = setupInputs(runtime, loaded, env, memory);
  const deployed = deployAll(runtime, inputs, false);
  const daemon = await startDaemon(loaded.hybridHome, { port: loaded.config.daemon.port, env });
  const hooks = installHooks({
    file: inputs.settingsFile,
    scope: 'local',
    target: hooksTarget(daemon.info.port, daemon.info.token),
  });
  ensureGitignored(loaded.projectRoot, 'local');
  const mcp = installMcpServer(inputs.mcpFile, inputs.mcpEntry);
  return {
    deployed,
    daemon: { info: daemon.info, started: daemon.started },
    hooks,
    mcp,
    instructions: writePmInstructions(loaded.hybridHome, inputs.text),
  };
}

/** prepareClaudeCode() as a plan: the same checks and answers, and nothing on disk changes. */
export async function planClaudeCode(
  runtime: Runtime,
  loaded: LoadedConfig,
  env: NodeJS.ProcessEnv,
): Promise<ClaudeCodePlan> {
  // The memory file itself, not the store: opening the database would touch the project folder.
  const memoryFile = join(memoryDir(loaded), `${PROJECT_MEMORY}.md`);
  const memory = existsSync(memoryFile)
    ? parseMemoryFile(readFileSync(memoryFile, 'utf8')).entries
    : [];
  const inputs = setupInputs(runtime, loaded, env, memory);
  const deployed = deployAll(runtime, inputs, true);
  const running = await runningDaemon(loaded.hybridHome);
  const port = running?.port ?? loaded.config.daemon.port;
  // A daemon started later keeps the home's token; with none yet, the hooks are new anyway.
  const token = running?.token ?? readDaemonToken(loaded.hybridHome);
  const hooks =
    token === undefined
      ? { file: inputs.settingsFile, changed: true, created: false, backup: undefined }
      : installHooks({
          file: inputs.settingsFile,
          scope: 'local',
          target: hooksTarget(port, token),
          dryRun: true,
        });
  return {
    agentsToDeploy: [...deployed.created, ...deployed.updated],
    daemon: { port, running: running !== undefined },
    hooks,
    mcp: installMcpServer(inputs.mcpFile, inputs.mcpEntry, { dryRun: true }),
    instructions: { file: pmInstructionsPath(loaded.hybridHome, inputs.text), text: inputs.text },
  };
}

function memoryDir(loaded: LoadedConfig): string {
  return join(loaded.projectRoot, PROJECT_DIR, 'memories');
}

function pmText(
  loaded: LoadedConfig,
  snapshot: RegistrySnapshot,
  projectMemory: readonly MemoryEntry[],
): string {
  const { config } = loaded;
  const pm = snapshot.agents.find((entry) => entry.definition.name === config.routing.defaultAgent);
  return assemblePmInstructions({
    bundled: pm?.definition.prompt ?? '',
    hybridHome: loaded.hybridHome,
    projectRoot: loaded.projectRoot,
    agents: snapshot.agents
      .map((entry) => entry.definition)
      .filter((agent) => agent.name !== config.routing.defaultAgent),
    projectMemory,
  });
}
