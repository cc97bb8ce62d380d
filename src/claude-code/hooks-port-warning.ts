import type { DaemonInfo } from '../daemon/daemon-info.js';
import type { ScopeStatus } from './hooks-installer.js';

/** The ports the installed http hooks of one scope send to, each once. */
export function hookPorts(status: ScopeStatus): number[] {
  return [
    ...new Set(
      (status.installed ?? []).flatMap((hook) => (hook.port === undefined ? [] : [hook.port])),
    ),
  ];
}

/**
 * Why installed http hooks would not reach this home's daemon: they name a port where it does not
 * listen (it moved, or it is not running). Undefined when they would, or there are none.
 * `hooks status` and `doctor` both report it.
 */
export function portWarningOf(
  status: ScopeStatus,
  daemon: DaemonInfo | undefined,
): string | undefined {
  const ports = hookPorts(status);
  if (ports.length === 0) return undefined;
  const stale = ports.filter((port) => port !== daemon?.port);
  if (stale.length === 0) return undefined;
  return daemon === undefined
    ? `http hooks point at port ${stale.join(', ')}, but no daemon of this home is running (claude-hybrid daemon start)`
    : `http hooks point at port ${stale.join(', ')}, but this home's daemon listens on ${daemon.port} (run hooks install again)`;
}
