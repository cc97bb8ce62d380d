import { checkAgents } from './check-agents.js';
import { checkSkills } from './check-skills.js';
import { checkClaude } from './check-claude.js';
import { checkConfig } from './check-config.js';
import { checkDaemon } from './check-daemon.js';
import { checkHome, checkProjectDir } from './check-dirs.js';
import { checkDisk } from './check-disk.js';
import { checkApiKey, checkProvider } from './check-provider.js';
import { checkCloud } from './check-cloud.js';
import { checkHooks, checkMcp, checkStatusLine, pluginOf } from './check-registration.js';
import { checkResult } from './check-result.js';
import type { DoctorInput } from './check-result.js';
import { checkNode, checkSqlite } from './check-runtime.js';
import { checkLocal, checkShared } from './check-store.js';
import { readHookScopes } from './claude-settings.js';
import type { DoctorCheck, DoctorReport, DoctorStatus } from './types.js';

/** A check that throws is reported as failed, with its error: the doctor itself never fails. */
function guarded(id: string, title: string, run: () => DoctorCheck): DoctorCheck {
  try {
    return run();
  } catch (error) {
    return failedCheck(id, title, error);
  }
}

function failedCheck(id: string, title: string, error: unknown): DoctorCheck {
  return checkResult(
    id,
    title,
    'fail',
    `the check itself failed: ${(error as Error).message}`,
    'run the command again with --debug and report it',
  );
}

async function guardedAsync(
  id: string,
  title: string,
  run: () => Promise<DoctorCheck>,
): Promise<DoctorCheck> {
  try {
    return await run();
  } catch (error) {
    return failedCheck(id, title, error);
  }
}

export function reportOf(checks: readonly DoctorCheck[]): DoctorReport {
  const counts: Record<DoctorStatus, number> = { ok: 0, warn: 0, fail: 0, skip: 0 };
  for (const check of checks) counts[check.status] += 1;
  return { ok: counts.fail === 0, checks, counts };
}

/**
 * Every check, in a fixed order. The folders are read first: loading the config creates the home
 * and tightens its modes (config/loader.ts), which would hide what is wrong with them. What waits
 * on the network or on the daemon (its /health, the provider, Postgres) runs concurrently with
 * the file checks.
 */
export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const node = guarded('node', 'Node.js', () => checkNode());
  const sqlite = guarded('sqlite', 'SQLite (better-sqlite3)', () => checkSqlite());
  const home = guarded('home', 'Claude Hybrid home', () => checkHome(input));
  const project = guarded('project', 'Project folder (.claude-hybrid/)', () =>
    checkProjectDir(input),
  );
  const scopes = readHookScopes(input);
  const daemon = guardedAsync('daemon', 'Daemon', () => checkDaemon(input, scopes));
  const provider = guardedAsync('provider', 'Anthropic API reachable', () => checkProvider(input));
  const { check: config, loaded } = await checkConfig(input);
  const shared = checkShared(input, loaded).catch((error: unknown) =>
    failedCheck('shared-store', 'Shared store (Postgres)', error),
  );
  const agents = guarded('agents', 'Agents', () => checkAgents(input, loaded));
  const skills = guarded('skills', 'Skills', () => checkSkills(input, loaded));
  const store = guarded('store', 'Project store (SQLite)', () => checkLocal(loaded));
  const plugin = pluginOf(input);
  const hooks = guarded('hooks', 'Claude Code hooks', () => checkHooks(input, scopes, plugin));
  const mcp = guarded('mcp', 'MCP server registration', () => checkMcp(input, plugin));
  const statusLine = guarded('statusline', 'Claude Code status line', () =>
    checkStatusLine(scopes),
  );
  const claude = guarded('claude', 'Claude Code', () => checkClaude(input));
  const key = guarded('api-key', 'Anthropic API key', () => checkApiKey(input, loaded));
  const cloud = guarded('cloud', 'Cloud provider (Bedrock, Vertex AI)', () =>
    checkCloud(input, loaded),
  );
  const disk = guarded('disk', 'Disk use', () => checkDisk(input, loaded));
  const sharedCheck = await shared;
  return reportOf([
    node,
    sqlite,
    home,
    project,
    config,
    agents,
    skills,
    store,
    ...(sharedCheck === undefined ? [] : [sharedCheck]),
    await daemon,
    hooks,
    mcp,
    statusLine,
    claude,
    key,
    cloud,
    await provider,
    disk,
  ]);
}
