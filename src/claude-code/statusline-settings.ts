/**
 * The pure half of `hooks install --statusline`: the `statusLine` entry we write into a Claude
 * Code settings file, and how we recognise it again. Shape (Claude Code 2.x):
 * `{"statusLine": {"type": "command", "command": "...", "padding": 0}}`; one per file.
 *
 * Ours is recognised like our command hooks, by the shell comment ` # claude-hybrid` ending the
 * command: Claude Code's settings schema strips unknown keys, so a field of our own would not
 * survive Claude Code rewriting the file. A status line that is not ours is the user's: it is
 * never replaced without `force`, and never removed.
 */
import { isJsonObject, quoteShellArgument } from './hooks-settings.js';
import type { CommandRelay, JsonObject } from './hooks-settings.js';

const COMMAND_MARKER = ' # claude-hybrid';

/** What a settings file's `statusLine` is, as `hooks status` reports it. */
export type StatusLineState = 'ours' | 'foreign' | 'none';

/**
 * The status-line command: `sh statusline.sh <node>` (curl to the daemon, node when it is down)
 * where there is a POSIX sh, else `node statusline.cjs`; ending with our marker.
 */
export function statusLineCommand(relay: CommandRelay): string {
  const words =
    relay.shellPath === undefined
      ? [quoteShellArgument(relay.nodePath), quoteShellArgument(relay.relayPath)]
      : [
          quoteShellArgument(relay.shellPath),
          quoteShellArgument(relay.relayPath),
          quoteShellArgument(relay.nodePath),
        ];
  return `${words.join(' ')}${COMMAND_MARKER}`;
}

export function statusLineState(settings: JsonObject): StatusLineState {
  const entry = settings.statusLine;
  if (entry === undefined) return 'none';
  return isJsonObject(entry) &&
    typeof entry.command === 'string' &&
    entry.command.endsWith(COMMAND_MARKER)
    ? 'ours'
    : 'foreign';
}

/**
 * Sets our status line. Returns false, changing nothing, when the file holds a status line of
 * the user's and `force` is not set; ours is replaced in place (the key keeps its position).
 */
export function applyStatusLine(settings: JsonObject, command: string, force: boolean): boolean {
  if (statusLineState(settings) === 'foreign' && !force) return false;
  settings.statusLine = { type: 'command', command, padding: 0 };
  return true;
}

/** Removes our status line (never the user's); true when there was one. */
export function removeStatusLine(settings: JsonObject): boolean {
  if (statusLineState(settings) !== 'ours') return false;
  delete settings.statusLine;
  return true;
}

/** The command of a status line that is not ours, for the message that refuses to replace it. */
export function foreignStatusLineCommand(settings: JsonObject): string {
  const entry = settings.statusLine;
  return isJsonObject(entry) && typeof entry.command === 'string'
    ? entry.command
    : '(not a command)';
}
