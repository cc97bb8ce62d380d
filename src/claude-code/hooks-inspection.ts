/**
 * What `hooks status` reports of a settings file: our handlers (mode, port, where the token comes
 * from, whether they run in the background), the events left without one, duplicates, and the
 * handlers that are not ours.
 */
import {
  HOOK_EVENTS,
  TOKEN_ENV_VAR,
  isJsonObject,
  isOurHandler,
  type HookBlocking,
  type HookEventName,
  type HookMode,
  type JsonObject,
} from './hooks-settings.js';

/** One handler of ours, as `hooks status` reports it. */
export interface InstalledHook {
  readonly event: string;
  readonly mode: HookMode;
  /** http mode: the daemon port in the URL. */
  readonly port?: number;
  /** http mode: true when the token comes from `$CLAUDE_HYBRID_DAEMON_TOKEN`. */
  readonly tokenFromEnv?: boolean;
  readonly async: boolean;
}

export interface HooksInspection {
  /** Our handlers, in file order. */
  readonly installed: readonly InstalledHook[];
  /** Events of HOOK_EVENTS with no handler of ours. */
  readonly missing: readonly HookEventName[];
  /** Events holding more than one handler of ours under the same matcher. */
  readonly duplicates: readonly string[];
  /**
   * `needed` when some of ours run in the background, `all` when every one blocks; undefined
   * when none is installed.
   */
  readonly blocking: HookBlocking | undefined;
  /** Handlers that are not ours, over all events. */
  readonly foreignHandlers: number;
  /** Claude Code's `disableAllHooks` switch is on: no hook runs at all. */
  readonly disableAllHooks: boolean;
}

export function inspectHooks(settings: JsonObject): HooksInspection {
  const installed: InstalledHook[] = [];
  const perEvent = new Map<string, number>();
  const perMatcher = new Map<string, number>();
  let foreignHandlers = 0;
  const hooks = isJsonObject(settings.hooks) ? settings.hooks : {};
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) continue;
    for (const group of groups) {
      if (!isJsonObject(group) || !Array.isArray(group.hooks)) continue;
      for (const handler of group.hooks as unknown[]) {
        if (!isJsonObject(handler) || !isOurHandler(handler)) {
          foreignHandlers += 1;
          continue;
        }
        perEvent.set(event, (perEvent.get(event) ?? 0) + 1);
        const matcher = typeof group.matcher === 'string' ? group.matcher : '';
        const where = JSON.stringify([event, matcher === '*' ? '' : matcher]);
        perMatcher.set(where, (perMatcher.get(where) ?? 0) + 1);
        installed.push(describe(event, handler));
      }
    }
  }
  return {
    installed,
    missing: HOOK_EVENTS.filter((event) => !perEvent.has(event)),
    duplicates: [
      ...new Set(
        [...perMatcher]
          .filter(([, count]) => count > 1)
          .map(([where]) => (JSON.parse(where) as string[])[0] ?? ''),
      ),
    ],
    blocking:
      installed.length === 0 ? undefined : installed.some((hook) => hook.async) ? 'needed' : 'all',
    foreignHandlers,
    disableAllHooks: settings.disableAllHooks === true,
  };
}

function describe(event: string, handler: JsonObject): InstalledHook {
  const async = handler.async === true;
  if (handler.type !== 'http') return { event, mode: 'command', async };
  const headers = isJsonObject(handler.headers) ? handler.headers : {};
  const authorization = typeof headers.Authorization === 'string' ? headers.Authorization : '';
  let port: number | undefined;
  try {
    const url = new URL(typeof handler.url === 'string' ? handler.url : '');
    port = url.port === '' ? undefined : Number(url.port);
  } catch {
    port = undefined; // an unparseable URL: report the handler without a port
  }
  const tokenFromEnv = authorization.includes(`$${TOKEN_ENV_VAR}`);
  return port === undefined
    ? { event, mode: 'http', tokenFromEnv, async }
    : { event, mode: 'http', port, tokenFromEnv, async };
}
