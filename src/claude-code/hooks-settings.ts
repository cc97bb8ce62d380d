/**
 * The pure half of the Claude Code hook installer: which hook entries we write into a Claude Code
 * `settings.json`, how we recognise them again, and how we add, replace and remove them without
 * touching anything else. No file I/O here (see hooks-installer.ts).
 *
 * Shape (Claude Code 2.x): `{"hooks": {"<Event>": [{"matcher"?: "...", "hooks": [handler]}]}}`.
 * Every handler we write is recognisable as ours by a marker Claude Code itself uses, not by an
 * extra field: Claude Code's settings schema strips unknown keys, so a field of our own would be
 * dropped the first time Claude Code rewrites the file (e.g. from `/hooks` or `/permissions`).
 *  - command handlers end with the shell comment ` # claude-hybrid`;
 *  - http handlers send the header `X-Managed-By: claude-hybrid` (the URL stays exactly the
 *    daemon's `/hooks/<Event>` endpoint).
 */
import { HOOK_EVENTS, isTelemetryEvent } from '../daemon/hook-events.js';
import type { HookEvent } from '../daemon/hook-events.js';

/** The events we register, in the order we write them: the ones the daemon accepts. */
export { HOOK_EVENTS };
export type HookEventName = HookEvent;
export type HookMode = 'http' | 'command';
export type HookScope = 'project' | 'user' | 'local';
/**
 * Which hooks Claude Code waits for. `needed` (the default): only those whose answer matters or
 * that must be delivered before Claude Code exits; the rest run in the background (`async`
 * command hooks), and what a background hook loses at exit the daemon recovers from the session
 * transcript (transcript-reconciler.ts). `all`: every hook blocks, as before.
 */
export type HookBlocking = 'needed' | 'all';

export interface HookLayout {
  readonly blocking: HookBlocking;
  /**
   * The tools whose PreToolUse the policy answers (`hooks.denyBash`: Bash). In `needed` mode only
   * their PreToolUse blocks; every other tool's runs in the background.
   */
  readonly policyTools: readonly string[];
}

/** The policy decides on Bash commands only (`hooks.denyBash`). */
export const POLICY_TOOLS: readonly string[] = ['Bash'];
export const DEFAULT_LAYOUT: HookLayout = { blocking: 'needed', policyTools: POLICY_TOOLS };

/**
 * The events that block in `needed` mode, besides PreToolUse of the policy tools:
 * UserPromptSubmit (memory capture, context warnings in its answer); Stop, SubagentStop and
 * SessionEnd, where the daemon reconciles from the transcript: Claude Code waits for them, so
 * they are delivered even by a `claude -p` that exits at once, and what background hooks lost is
 * recorded before the session is over.
 */
const BLOCKING_EVENTS: readonly HookEventName[] = [
  'UserPromptSubmit',
  'SubagentStop',
  'Stop',
  'SessionEnd',
];

/** True when `event` blocks (for PreToolUse: of a policy tool) under `blocking`. */
export function blocksIn(event: HookEventName, blocking: HookBlocking): boolean {
  return blocking === 'all' || event === 'PreToolUse' || BLOCKING_EVENTS.includes(event);
}

interface EventPolicy {
  /** Tool events take `matcher: "*"`; the others match every occurrence with no matcher. */
  readonly toolEvent: boolean;
  /** Seconds Claude Code waits for the handler (Claude Code's unit is seconds). */
  readonly timeout: number;
}

/**
 * Synchronous events can change what Claude Code does: PreToolUse may deny a tool call by policy;
 * SessionStart, UserPromptSubmit and PostToolUse may return `additionalContext` (context
 * warnings). SessionEnd is synchronous too: Claude Code exits right after it, so a background
 * handler could be cut off before it delivers, and Claude Code bounds SessionEnd hooks anyway.
 */
const EVENT_POLICY: Readonly<Record<HookEventName, EventPolicy>> = {
  SessionStart: { toolEvent: false, timeout: 5 },
  UserPromptSubmit: { toolEvent: false, timeout: 5 },
  PreToolUse: { toolEvent: true, timeout: 5 },
  PostToolUse: { toolEvent: true, timeout: 5 },
  PostToolUseFailure: { toolEvent: true, timeout: 5 },
  SubagentStart: { toolEvent: false, timeout: 5 },
  SubagentStop: { toolEvent: false, timeout: 5 },
  Stop: { toolEvent: false, timeout: 5 },
  Notification: { toolEvent: false, timeout: 5 },
  PreCompact: { toolEvent: false, timeout: 5 },
  SessionEnd: { toolEvent: false, timeout: 2 },
};

/** Seconds an http telemetry handler may take; the daemon records each event, then answers. */
const HTTP_TELEMETRY_TIMEOUT = 2;

export const TOKEN_ENV_VAR = 'CLAUDE_HYBRID_DAEMON_TOKEN';
export const MARKER_HEADER = 'X-Managed-By';
export const MARKER_VALUE = 'claude-hybrid';
const COMMAND_MARKER = ` # ${MARKER_VALUE}`;

/**
 * How a command handler runs the relay: on POSIX `sh hook-relay.sh <Event> <node>` (curl to the
 * daemon, node only when the daemon is down); where there is no sh, `node hook-relay.cjs <Event>`.
 */
export interface CommandRelay {
  /** Absolute path of the node binary (runs hook-relay.cjs, directly or as the fallback). */
  readonly nodePath: string;
  /** Absolute path of `dist/hook-relay.sh` when shellPath is given, else `dist/hook-relay.cjs`. */
  readonly relayPath: string;
  /** Absolute path of a POSIX sh, which runs hook-relay.sh. */
  readonly shellPath?: string | undefined;
}

/** Where our handlers send events. */
export type HookTarget =
  | {
      readonly mode: 'http';
      /** The daemon's port on 127.0.0.1. */
      readonly port: number;
      /** The daemon's bearer token (written literally only outside project scope). */
      readonly token: string;
      /**
       * Claude Code runs no http hook for SessionStart (it logs "HTTP hooks are not supported for
       * SessionStart"), so that one event goes through the command relay when it is given.
       */
      readonly relay?: CommandRelay | undefined;
    }
  | ({ readonly mode: 'command' } & CommandRelay);

/** The shell command of a command handler for `event`, ending with our marker. */
export function relayCommand(relay: CommandRelay, event: HookEventName): string {
  const words =
    relay.shellPath === undefined
      ? [quoteShellArgument(relay.nodePath), quoteShellArgument(relay.relayPath), event]
      : [
          quoteShellArgument(relay.shellPath),
          quoteShellArgument(relay.relayPath),
          event,
          quoteShellArgument(relay.nodePath),
        ];
  return `${words.join(' ')}${COMMAND_MARKER}`;
}

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** POSIX-shell double quoting: `$`, `` ` ``, `"` and `\` are the only specials inside "". */
export function quoteShellArgument(value: string): string {
  return `"${value.replace(/[$`"\\]/g, (special) => `\\${special}`)}"`;
}

/** The command relay of `target`, if it has one (command mode, or http with a relay). */
function relayOf(target: HookTarget): CommandRelay | undefined {
  return target.mode === 'command' ? target : target.relay;
}

/**
 * The handler object we write for `event`. Project scope is checked in, so it never carries the
 * token: the header names `$CLAUDE_HYBRID_DAEMON_TOKEN`, which Claude Code expands only because
 * `allowedEnvVars` lists it. `background`: Claude Code runs it without waiting (`async`), which
 * it honours only on command handlers, so a background handler always runs the command relay
 * (in http mode, the target's relay; without one it stays a blocking http handler).
 */
export function buildHandler(
  event: HookEventName,
  target: HookTarget,
  scope: HookScope,
  background = false,
): JsonObject {
  const policy = EVENT_POLICY[event];
  const relay = relayOf(target);
  // Claude Code runs no http hook for SessionStart, and async only on command hooks.
  if (target.mode === 'http' && relay !== undefined && (event === 'SessionStart' || background))
    return buildHandler(event, { ...relay, mode: 'command' }, scope, background);
  if (target.mode === 'command') {
    const command = relayCommand(target, event);
    return background
      ? { type: 'command', command, async: true, timeout: policy.timeout }
      : { type: 'command', command, timeout: policy.timeout };
  }
  // Telemetry-only events (nobody reads their answer) get a short timeout over http.
  const telemetry = isTelemetryEvent(event);
  const fromEnv = scope === 'project';
  const handler: JsonObject = {
    type: 'http',
    url: `http://127.0.0.1:${target.port}/hooks/${event}`,
    timeout: telemetry ? HTTP_TELEMETRY_TIMEOUT : policy.timeout,
    headers: {
      Authorization: `Bearer ${fromEnv ? `$${TOKEN_ENV_VAR}` : target.token}`,
      [MARKER_HEADER]: MARKER_VALUE,
    },
  };
  if (fromEnv) handler.allowedEnvVars = [TOKEN_ENV_VAR];
  return handler;
}

/**
 * One matcher group holding only `handler`: tool events match every tool (`*`), the others take
 * no matcher. The `all` layout's group (buildGroups gives the layout's groups).
 */
export function buildGroup(event: HookEventName, handler: JsonObject): JsonObject {
  return EVENT_POLICY[event].toolEvent ? { matcher: '*', hooks: [handler] } : { hooks: [handler] };
}

/** A regular expression matching exactly the tool names in `tools`. */
function exactly(tools: readonly string[]): string {
  return tools.map((tool) => tool.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

/**
 * The matcher groups we write for `event` under `layout`, each holding only our handler. Tool
 * events match every tool (`*`); in `needed` mode PreToolUse is split in two: the policy tools'
 * (matcher `Bash`) blocks, every other tool's (a regular expression excluding them, which Claude
 * Code evaluates as one since it is not a plain name list) runs in the background. The other
 * events take no matcher. This is what the plugin's `hooks/hooks.json` holds too.
 */
export function buildGroups(
  event: HookEventName,
  target: HookTarget,
  scope: HookScope,
  layout: HookLayout = DEFAULT_LAYOUT,
): JsonObject[] {
  const handler = (background: boolean): JsonObject =>
    buildHandler(event, target, scope, background);
  if (!EVENT_POLICY[event].toolEvent || layout.blocking === 'all')
    return [buildGroup(event, handler(!blocksIn(event, layout.blocking)))];
  if (event !== 'PreToolUse' || layout.policyTools.length === 0)
    return [buildGroup(event, handler(true))];
  const names = exactly(layout.policyTools);
  return [
    { matcher: names, hooks: [handler(false)] },
    { matcher: `^(?!(?:${names})$)`, hooks: [handler(true)] },
  ];
}

/** Every event's groups under `layout`: a settings file's whole `hooks` object of ours. */
export function buildHooks(
  target: HookTarget,
  scope: HookScope,
  layout: HookLayout = DEFAULT_LAYOUT,
): Record<HookEventName, JsonObject[]> {
  return Object.fromEntries(
    HOOK_EVENTS.map((event) => [event, buildGroups(event, target, scope, layout)]),
  ) as Record<HookEventName, JsonObject[]>; // one entry per event, filled just above
}

export function isOurHandler(handler: unknown): boolean {
  if (!isJsonObject(handler)) return false;
  if (handler.type === 'command')
    return typeof handler.command === 'string' && handler.command.endsWith(COMMAND_MARKER);
  if (handler.type === 'http')
    return isJsonObject(handler.headers) && handler.headers[MARKER_HEADER] === MARKER_VALUE;
  return false;
}

/**
 * Removes our handlers from one event's groups. A group left with no handlers by this removal is
 * dropped; a group the user left empty is kept. Returns the index (in the result) where the first
 * group that held one of ours was, so a reinstall can put ours back in the same place.
 */
export function stripOurs(groups: readonly unknown[]): {
  groups: unknown[];
  removed: number;
  firstIndex: number | undefined;
} {
  const kept: unknown[] = [];
  let removed = 0;
  let firstIndex: number | undefined;
  for (const group of groups) {
    if (!isJsonObject(group) || !Array.isArray(group.hooks)) {
      kept.push(group);
      continue;
    }
    const handlers: unknown[] = group.hooks;
    const foreign = handlers.filter((handler) => !isOurHandler(handler));
    if (foreign.length === handlers.length) {
      kept.push(group);
      continue;
    }
    removed += handlers.length - foreign.length;
    firstIndex ??= kept.length;
    if (foreign.length > 0) {
      group.hooks = foreign;
      kept.push(group);
    }
  }
  return { groups: kept, removed, firstIndex };
}

/** Why Claude Code settings cannot be edited safely, or undefined when they can. */
export function settingsProblem(settings: unknown): string | undefined {
  if (!isJsonObject(settings)) return 'the top level is not a JSON object';
  const hooks = settings.hooks;
  if (hooks === undefined) return undefined;
  if (!isJsonObject(hooks)) return '"hooks" is not an object';
  for (const [event, groups] of Object.entries(hooks))
    if (!Array.isArray(groups)) return `"hooks.${event}" is not an array`;
  return undefined;
}

/**
 * Puts our handlers on every event (one, or two for a split PreToolUse), in place: an event that already has ours gets
 * the new one where the old one was; other events get ours appended. Everything else (other
 * keys, their order, the user's handlers) is left as it was. Idempotent: applying the same target
 * twice yields the same object. `settings` must have passed settingsProblem().
 */
export function applyHooks(
  settings: JsonObject,
  target: HookTarget,
  scope: HookScope,
  layout: HookLayout = DEFAULT_LAYOUT,
): void {
  const hooks = isJsonObject(settings.hooks) ? settings.hooks : {};
  settings.hooks = hooks;
  for (const event of HOOK_EVENTS) {
    const existing = hooks[event];
    const stripped = stripOurs(Array.isArray(existing) ? existing : []);
    const groups = buildGroups(event, target, scope, layout);
    stripped.groups.splice(stripped.firstIndex ?? stripped.groups.length, 0, ...groups);
    hooks[event] = stripped.groups;
  }
}

/**
 * Removes every handler of ours from every event. A group, event list or `hooks` object that this
 * removal empties is removed too; ones that were already empty are the user's and stay. Returns
 * how many handlers were removed.
 */
export function removeHooks(settings: JsonObject): number {
  const hooks = settings.hooks;
  if (!isJsonObject(hooks)) return 0;
  let removed = 0;
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) continue;
    const stripped = stripOurs(groups);
    if (stripped.removed === 0) continue;
    removed += stripped.removed;
    if (stripped.groups.length === 0) Reflect.deleteProperty(hooks, event);
    else hooks[event] = stripped.groups;
  }
  if (removed > 0 && Object.keys(hooks).length === 0) delete settings.hooks;
  return removed;
}
