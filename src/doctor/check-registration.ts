import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { ScopeStatus } from '../claude-code/hooks-installer.js';
import { HOOK_EVENTS, TOKEN_ENV_VAR } from '../claude-code/hooks-settings.js';
import { MCP_SCOPES, mcpConfigPath, mcpRegistration } from '../claude-code/mcp-config.js';
import { describeEnabled, enabledPlugin } from '../plugin/enabled-plugin.js';
import type { EnabledPlugin } from '../plugin/enabled-plugin.js';
import { projectRootOf } from './claude-settings.js';
import { checkResult } from './check-result.js';
import type { DoctorInput } from './check-result.js';
import type { DoctorCheck } from './types.js';

function installedSummary(scope: ScopeStatus): string {
  const installed = scope.installed ?? [];
  if (installed.length === 0) return `${scope.scope}: none`;
  const events = new Set(installed.map((hook) => hook.event)).size;
  const modes = [...new Set(installed.map((hook) => hook.mode))].join('+');
  const blocking = scope.blocking === undefined ? '' : `, blocking ${scope.blocking}`;
  return `${scope.scope}: ${events}/${HOOK_EVENTS.length} events (${modes}${blocking})`;
}

/** The enabled claude-hybrid plugin for the doctor's project, if any. */
export function pluginOf(input: DoctorInput): EnabledPlugin | undefined {
  return enabledPlugin({ projectRoot: projectRootOf(input), env: input.env });
}

/**
 * Our Claude Code hooks in each settings scope: there, complete, once, and able to run. When the
 * claude-hybrid plugin is enabled it brings them: the path in use is the plugin, and hooks
 * installed directly as well would send each event twice.
 */
export function checkHooks(
  input: DoctorInput,
  scopes: readonly ScopeStatus[],
  plugin: EnabledPlugin | undefined = pluginOf(input),
): DoctorCheck {
  const title = 'Claude Code hooks';
  const broken = scopes.find((scope) => scope.problem !== undefined);
  if (broken !== undefined)
    return checkResult(
      'hooks',
      title,
      'fail',
      `${broken.scope} scope: ${broken.problem ?? ''}`,
      `fix ${broken.file} by hand (or move it away); claude-hybrid hooks status shows every scope`,
    );
  const withOurs = scopes.filter((scope) => (scope.installed ?? []).length > 0);
  const summary = scopes.map(installedSummary).join('; ');
  const first = withOurs[0];
  if (plugin !== undefined)
    return first === undefined
      ? checkResult('hooks', title, 'ok', `plugin: ${describeEnabled(plugin)}`)
      : checkResult(
          'hooks',
          title,
          'warn',
          `plugin and direct: ${describeEnabled(plugin)}, and hooks are installed in ${withOurs.map((scope) => scope.scope).join(' and ')} scope too, so each event is sent twice`,
          `claude-hybrid hooks uninstall --scope ${first.scope}`,
        );
  if (first === undefined)
    return checkResult(
      'hooks',
      title,
      'warn',
      `not installed (${summary}): Claude Code sessions are not recorded`,
      'claude-hybrid hooks install (or claude-hybrid init --claude-code)',
    );
  const second = withOurs[1];
  if (second !== undefined)
    return checkResult(
      'hooks',
      title,
      'warn',
      `installed in ${withOurs.map((scope) => scope.scope).join(' and ')} scope: Claude Code runs both, so each event is sent twice`,
      `claude-hybrid hooks uninstall --scope ${second.scope}`,
    );
  if (first.disableAllHooks === true)
    return checkResult(
      'hooks',
      title,
      'warn',
      `${summary}, but disableAllHooks is true in ${first.file}: Claude Code runs no hooks`,
      `set "disableAllHooks": false in ${first.file} (or remove it)`,
    );
  const incomplete = (first.missing ?? []).length > 0 || (first.duplicates ?? []).length > 0;
  if (incomplete)
    return checkResult(
      'hooks',
      title,
      'warn',
      `${summary}${(first.missing ?? []).length > 0 ? `; missing ${(first.missing ?? []).join(', ')}` : ''}${(first.duplicates ?? []).length > 0 ? `; duplicated ${(first.duplicates ?? []).join(', ')}` : ''}`,
      `claude-hybrid hooks install --scope ${first.scope}`,
    );
  const needsToken = (first.installed ?? []).some((hook) => hook.tokenFromEnv === true);
  if (needsToken && (input.env[TOKEN_ENV_VAR] ?? '') === '')
    return checkResult(
      'hooks',
      title,
      'warn',
      `${summary}; they read the daemon token from $${TOKEN_ENV_VAR}, which is not set in this shell`,
      `export ${TOKEN_ENV_VAR} (the "token" in daemon.json) before starting Claude Code, or install them in local scope: claude-hybrid hooks install`,
    );
  return checkResult('hooks', title, 'ok', `direct: ${summary}`);
}

/**
 * The MCP server's registration with Claude Code: `.mcp.json` (project) or `~/.claude.json`
 * (user), or the claude-hybrid plugin's own `.mcp.json` when the plugin is enabled.
 */
export function checkMcp(
  input: DoctorInput,
  plugin: EnabledPlugin | undefined = pluginOf(input),
): DoctorCheck {
  const title = 'MCP server registration';
  const projectRoot = projectRootOf(input);
  const found = MCP_SCOPES.map((scope) =>
    mcpRegistration(scope, mcpConfigPath(scope, { projectRoot, env: input.env })),
  );
  const broken = found.find((registration) => registration.problem !== undefined);
  if (broken !== undefined)
    return checkResult(
      'mcp',
      title,
      'fail',
      `${broken.scope} scope: ${broken.problem ?? ''}`,
      `fix ${broken.file} by hand (or move it away); it must be a JSON object`,
    );
  const registered = found.filter((registration) => registration.entry !== undefined);
  const direct = registered[0];
  if (plugin !== undefined)
    return direct === undefined
      ? checkResult('mcp', title, 'ok', `plugin: ${describeEnabled(plugin)}`)
      : checkResult(
          'mcp',
          title,
          'warn',
          `plugin and direct: ${describeEnabled(plugin)}, and ${direct.file} registers the server too, so Claude Code starts it twice`,
          `claude-hybrid mcp uninstall --scope ${direct.scope}`,
        );
  if (registered.length === 0)
    return checkResult(
      'mcp',
      title,
      'warn',
      'not registered: Claude Code cannot call the agents, memory and workflows as tools',
      'claude-hybrid mcp install (or claude-hybrid init --claude-code)',
    );
  for (const registration of registered) {
    // The entry as the file holds it: any JSON, so every field is checked before use.
    const entry = registration.entry as { readonly command?: unknown; readonly args?: unknown };
    const args: readonly unknown[] = Array.isArray(entry.args) ? (entry.args as unknown[]) : [];
    const missing = [entry.command, ...args].find(
      (path): path is string => typeof path === 'string' && isAbsolute(path) && !existsSync(path),
    );
    if (missing !== undefined)
      return checkResult(
        'mcp',
        title,
        'warn',
        `${registration.scope} scope (${registration.file}) starts ${missing}, which does not exist (claude-hybrid moved or was reinstalled)`,
        `claude-hybrid mcp install --scope ${registration.scope}`,
      );
  }
  return checkResult(
    'mcp',
    title,
    'ok',
    `direct: ${registered.map((registration) => `${registration.scope}: ${registration.file}`).join('; ')}`,
  );
}

/** Our Claude Code status line: optional, so only a settings file holding it counts. */
export function checkStatusLine(scopes: readonly ScopeStatus[]): DoctorCheck {
  const title = 'Claude Code status line';
  const ours = scopes.filter((scope) => scope.statusLine === 'ours');
  if (ours.length > 0)
    return checkResult(
      'statusline',
      title,
      'ok',
      `claude-hybrid's, in ${ours.map((scope) => scope.scope).join(', ')} scope`,
    );
  const foreign = scopes.filter((scope) => scope.statusLine === 'foreign');
  if (foreign.length > 0)
    return checkResult(
      'statusline',
      title,
      'ok',
      `your own, in ${foreign.map((scope) => scope.scope).join(', ')} scope (left alone)`,
    );
  return checkResult(
    'statusline',
    title,
    'ok',
    'not registered (optional: claude-hybrid hooks install --statusline)',
  );
}
