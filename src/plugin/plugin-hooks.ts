import { HOOK_EVENTS, buildGroups } from '../claude-code/hooks-settings.js';
import type { CommandRelay, JsonObject } from '../claude-code/hooks-settings.js';

/**
 * The plugin's `hooks/hooks.json`: one handler per event the daemon accepts, each running the
 * plugin's `hooks/relay.sh` (plugin-relay-script.ts), which finds the installed package from the
 * `claude-hybrid` on PATH and hands over to its fast relay. No machine path is written: Claude
 * Code puts the plugin's folder in `${CLAUDE_PLUGIN_ROOT}`, so the file is the same on every
 * machine and can be checked in.
 *
 * Which events are blocking or background (`async`), the matchers and the timeouts come from the
 * builder `hooks install` uses (buildGroups, default layout: Claude Code waits only where the
 * answer matters), given command mode, so the plugin and a direct install always follow one
 * policy; only the command line differs.
 */

/** Where Claude Code puts the installed plugin's folder, expanded in hook commands. */
export const PLUGIN_ROOT_VARIABLE = '${CLAUDE_PLUGIN_ROOT}';
export const PLUGIN_RELAY_FILE = 'hooks/relay.sh';

/**
 * A command-mode relay for the builder: its paths never reach the output (the command is
 * replaced), only the policy the builder attaches to a command handler does.
 */
const POLICY_ONLY_RELAY: CommandRelay = {
  nodePath: '/node',
  relayPath: '/relay',
  shellPath: '/bin/sh',
};

/** The shell command of the plugin's handler for `event`, with the `# claude-hybrid` marker. */
export function pluginHookCommand(event: string): string {
  return `sh "${PLUGIN_ROOT_VARIABLE}/${PLUGIN_RELAY_FILE}" ${event} # claude-hybrid`;
}

/** The `hooks/hooks.json` document, events in HOOK_EVENTS order. */
export function pluginHooksDocument(): JsonObject {
  const hooks: JsonObject = {};
  for (const event of HOOK_EVENTS)
    hooks[event] = buildGroups(event, { mode: 'command', ...POLICY_ONLY_RELAY }, 'project').map(
      (group) => ({
        ...group,
        hooks: (group.hooks as JsonObject[]).map((handler) => ({
          ...handler,
          command: pluginHookCommand(event),
        })),
      }),
    );
  return {
    description:
      'claude-hybrid: every Claude Code event to the local daemon through the installed package',
    hooks,
  };
}
