import { hookPorts, portWarningOf } from '../claude-code/hooks-port-warning.js';
import type { ScopeStatus } from '../claude-code/hooks-installer.js';
import { resolveHybridHome } from '../config/paths.js';
import { runningDaemon } from '../daemon/daemon-client.js';
import { readDaemonFile } from '../daemon/daemon-info.js';
import { checkResult } from './check-result.js';
import type { DoctorInput } from './check-result.js';
import type { DoctorCheck } from './types.js';

const TITLE = 'Daemon';

/**
 * The daemon of this home: running or not, its port, its token, and whether the installed http
 * hooks point at it. Down is a warning, unless http hooks are installed: they then reach nothing.
 */
export async function checkDaemon(
  input: DoctorInput,
  scopes: readonly ScopeStatus[],
): Promise<DoctorCheck> {
  const home = resolveHybridHome(input.env);
  const running = await runningDaemon(home);
  const httpScopes = scopes.filter((scope) => hookPorts(scope).length > 0);
  const commandHooks = scopes.some((scope) =>
    (scope.installed ?? []).some((hook) => hook.mode === 'command'),
  );
  if (running === undefined) {
    const stale = readDaemonFile(home);
    const leftover =
      stale === undefined ? '' : ` (daemon.json names port ${stale.port}, pid ${stale.pid}: gone)`;
    if (httpScopes.length > 0) {
      const ports = [...new Set(httpScopes.flatMap(hookPorts))].join(', ');
      return checkResult(
        'daemon',
        TITLE,
        'fail',
        `not running${leftover}, but the http hooks in ${httpScopes.map((scope) => scope.scope).join(', ')} scope send to port ${ports}: Claude Code's events are lost`,
        'claude-hybrid daemon start, then claude-hybrid hooks install (it rewrites the port)',
      );
    }
    return checkResult(
      'daemon',
      TITLE,
      'warn',
      `not running${leftover}: the dashboard, live hooks and the status line use it${commandHooks ? ' (the command hooks fall back to node meanwhile)' : ''}`,
      'claude-hybrid daemon start',
    );
  }
  const where = `running on 127.0.0.1:${running.port} (pid ${running.pid}${running.version === '' ? '' : `, ${running.version}`})`;
  if (running.token === '')
    return checkResult(
      'daemon',
      TITLE,
      'fail',
      `${where}, but daemon.json holds no token: clients cannot authenticate`,
      'claude-hybrid daemon restart',
    );
  const mismatched = httpScopes.flatMap((scope) => {
    const warning = portWarningOf(scope, running);
    return warning === undefined ? [] : [{ scope: scope.scope, warning }];
  });
  const first = mismatched[0];
  if (first !== undefined)
    return checkResult(
      'daemon',
      TITLE,
      'fail',
      `${where}, token present; ${first.scope} scope: ${first.warning}`,
      `claude-hybrid hooks install --scope ${first.scope}`,
    );
  return checkResult(
    'daemon',
    TITLE,
    'ok',
    `${where}, token present${httpScopes.length > 0 ? '; the http hooks point at it' : ''}`,
  );
}
