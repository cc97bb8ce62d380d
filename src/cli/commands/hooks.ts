import { readDaemonFile, runningDaemon } from '../../daemon/index.js';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureGitignored } from '../../claude-code/settings-gitignore.js';
import {
  hooksStatus,
  installHooks,
  settingsPath,
  uninstallHooks,
} from '../../claude-code/hooks-installer.js';
import type { ScopeStatus } from '../../claude-code/hooks-installer.js';
import { portWarningOf } from '../../claude-code/hooks-port-warning.js';
import { DEFAULT_LAYOUT, HOOK_EVENTS, TOKEN_ENV_VAR } from '../../claude-code/hooks-settings.js';
import { statusLineCommand } from '../../claude-code/statusline-settings.js';
import type {
  CommandRelay,
  HookBlocking,
  HookLayout,
  HookMode,
  HookScope,
  HookTarget,
} from '../../claude-code/hooks-settings.js';
import { findProjectRoot, resolveHybridHome } from '../../config/index.js';
import { HybridError, UsageError } from '../../errors.js';
import { assetDir } from '../../files/index.js';
import { describeEnabled, enabledPlugin } from '../../plugin/enabled-plugin.js';
import type { EnabledPlugin } from '../../plugin/enabled-plugin.js';
import { flag, stringValue } from '../args.js';
import type { CliContext, CommandGroup, OptionSpec, ParsedValues } from '../command.js';

const SCOPES: readonly HookScope[] = ['project', 'user', 'local'];
const MODES: readonly HookMode[] = ['http', 'command'];
const BLOCKING: readonly HookBlocking[] = ['needed', 'all'];

function layoutOf(values: ParsedValues): HookLayout {
  const text = stringValue(values, 'blocking') ?? DEFAULT_LAYOUT.blocking;
  const blocking = BLOCKING.find((candidate) => candidate === text);
  if (blocking === undefined)
    throw new UsageError(
      `unknown --blocking "${text}"`,
      'use --blocking needed (the default) or --blocking all',
    );
  return { ...DEFAULT_LAYOUT, blocking };
}

/**
 * `local` by default: it is not checked in, so a literal daemon token and this machine's absolute
 * node and relay paths are at home there; project scope suits neither.
 */
const DEFAULT_SCOPE: HookScope = 'local';

const SCOPE_OPTION: Readonly<Record<string, OptionSpec>> = {
  scope: {
    type: 'string',
    value: 'S',
    description: 'project (.claude/settings.json), user (~/.claude) or local (default)',
    complete: { choices: SCOPES },
  },
};

function scopeOf(values: ParsedValues): HookScope | undefined {
  const scope = stringValue(values, 'scope');
  if (scope === undefined) return undefined;
  const known = SCOPES.find((candidate) => candidate === scope);
  if (known === undefined)
    throw new UsageError(`unknown scope "${scope}"`, 'use --scope project, user or local');
  return known;
}

function fileFor(context: CliContext, scope: HookScope): string {
  const env = context.io.env;
  const projectRoot = findProjectRoot(context.io.cwd, resolveHybridHome(env)).root;
  return settingsPath(scope, { projectRoot, env });
}

/** The daemon's port and token, from `$CLAUDE_HYBRID_HOME/daemon.json`. */
function daemonTarget(env: NodeJS.ProcessEnv): { port: number; token: string } {
  const home = resolveHybridHome(env);
  const info = readDaemonFile(home);
  if (info === undefined)
    throw new HybridError(
      'hooks.no_daemon',
      `http hooks need the daemon's port and token: ${join(home, 'daemon.json')} is missing or unreadable`,
      { hint: 'claude-hybrid daemon start', exitCode: 2 },
    );
  return { port: info.port, token: info.token };
}

/** A relay file beside the bundle in a build; the build's copy when run from source. */
function relayFile(name: string): string {
  const path = assetDir(import.meta.url, [`./${name}`, `../../../dist/${name}`], `./${name}`);
  if (!existsSync(path))
    throw new HybridError('hooks.no_relay', `the hook relay ${path} is missing`, {
      hint: 'reinstall claude-hybrid (from source: npm run build), or use --mode http',
      exitCode: 2,
    });
  return path;
}

/** The POSIX shells that run hook-relay.sh; none on Windows, where node runs the relay itself. */
const SHELL = '/bin/sh';
const BASH = '/bin/bash';

/** How command hooks run the relay here: sh and curl where there is a POSIX sh, else node. */
export function commandRelay(): CommandRelay {
  const nodeRelay = relayFile('hook-relay.cjs');
  if (process.platform === 'win32' || !existsSync(SHELL))
    return { nodePath: process.execPath, relayPath: nodeRelay };
  // bash runs the same script without curl (its /dev/tcp): under half the cost of each hook.
  const shellPath = existsSync(BASH) ? BASH : SHELL;
  return { nodePath: process.execPath, relayPath: relayFile('hook-relay.sh'), shellPath };
}

/** The status line's command: sh and curl where there is a POSIX sh, else node. */
function statusLineRelay(): CommandRelay {
  if (process.platform === 'win32' || !existsSync(SHELL))
    return { nodePath: process.execPath, relayPath: relayFile('statusline.cjs') };
  return {
    nodePath: process.execPath,
    relayPath: relayFile('statusline.sh'),
    shellPath: SHELL,
  };
}

function targetFor(context: CliContext, mode: HookMode): HookTarget {
  if (mode === 'command') return { mode, ...commandRelay() };
  return { mode, ...daemonTarget(context.io.env), relay: commandRelay() };
}

/** The enabled claude-hybrid plugin of this project, if any: it registers the hooks itself. */
function pluginFor(context: CliContext): EnabledPlugin | undefined {
  const env = context.io.env;
  const projectRoot = findProjectRoot(context.io.cwd, resolveHybridHome(env)).root;
  return enabledPlugin({ projectRoot, env });
}

function install(context: CliContext, values: ParsedValues): number {
  const scope = scopeOf(values) ?? DEFAULT_SCOPE;
  const modeText = stringValue(values, 'mode') ?? 'http';
  const mode = MODES.find((candidate) => candidate === modeText);
  if (mode === undefined)
    throw new UsageError(`unknown mode "${modeText}"`, 'use --mode http or --mode command');
  const withStatusLine = flag(values, 'statusline');
  const plugin = flag(values, 'force') ? undefined : pluginFor(context);
  if (plugin !== undefined && !withStatusLine) {
    if (context.json) context.writeJson({ scope, mode, installed: false, plugin });
    else
      context.out(
        `not installed: ${describeEnabled(plugin)} and registers these hooks already (--force installs them anyway; each event would then be sent twice)`,
      );
    return 0;
  }
  const target = targetFor(context, mode);
  const layout = layoutOf(values);
  const file = fileFor(context, scope);
  const report = installHooks({
    file,
    scope,
    target,
    layout,
    hooks: plugin === undefined,
    statusLine: withStatusLine
      ? { command: statusLineCommand(statusLineRelay()), force: flag(values, 'force') }
      : undefined,
  });
  const gitignore =
    scope === 'user'
      ? { file: undefined, added: [] }
      : ensureGitignored(dirname(dirname(file)), scope);
  const tokenFromEnv = mode === 'http' && scope === 'project';
  if (plugin !== undefined) {
    if (context.json)
      context.writeJson({ scope, installed: false, plugin, statusLine: true, ...report });
    else
      context.out(
        `status line ${report.changed ? 'registered' : 'already registered'} in ${report.file}; hooks not installed: ${describeEnabled(plugin)} and registers them (--force installs them anyway)`,
      );
    return 0;
  }
  if (context.json) {
    context.writeJson({
      scope,
      mode,
      blocking: layout.blocking,
      events: HOOK_EVENTS,
      tokenFromEnv,
      statusLine: withStatusLine,
      ...report,
      gitignored: gitignore.added,
    });
    return 0;
  }
  const where = target.mode === 'http' ? `http -> 127.0.0.1:${target.port}` : 'command relay';
  const verb = !report.changed ? 'already installed' : report.created ? 'created' : 'updated';
  const lines = [
    `${verb}: ${HOOK_EVENTS.length} hook events (${where}; blocking: ${blockingText(layout.blocking)})${withStatusLine ? ' and the status line' : ''} in ${report.file}`,
  ];
  if (report.backup !== undefined) lines.push(`backup: ${report.backup}`);
  if (gitignore.file !== undefined)
    lines.push(`git-ignored in ${gitignore.file}: ${gitignore.added.join(', ')}`);
  if (tokenFromEnv)
    lines.push(
      `project settings are checked in, so they name the token instead of holding it:`,
      `export ${TOKEN_ENV_VAR} (the "token" in daemon.json) before starting Claude Code`,
    );
  if (report.changed) lines.push('Claude Code sessions already running may need a restart');
  context.out(lines.join('\n'));
  return 0;
}

function blockingText(blocking: HookBlocking): string {
  return blocking === 'all'
    ? 'all'
    : 'needed: PreToolUse of Bash, UserPromptSubmit, Stop, SubagentStop, SessionEnd; the rest in the background';
}

function uninstall(context: CliContext, values: ParsedValues): number {
  const scope = scopeOf(values) ?? DEFAULT_SCOPE;
  const report = uninstallHooks({ file: fileFor(context, scope), scope });
  if (context.json) context.writeJson({ scope, ...report });
  else if (report.removed === 0 && !report.statusLineRemoved)
    context.out(`no claude-hybrid hooks in ${report.file}`);
  else
    context.out(
      `removed ${report.removed} claude-hybrid hook${report.removed === 1 ? '' : 's'}${report.statusLineRemoved ? ' and the status line' : ''} from ${report.file}` +
        (report.backup === undefined ? '' : `\nbackup: ${report.backup}`),
    );
  return 0;
}

function describeScope(
  status: ScopeStatus & {
    readonly portWarning?: string;
    readonly alsoInstalledIn?: readonly HookScope[];
  },
  env: NodeJS.ProcessEnv,
): string[] {
  const lines = [`${status.scope.padEnd(8)}${status.file}`];
  const row = (label: string, text: string): string => `  ${label.padEnd(11)}${text}`;
  if (status.problem !== undefined) return [...lines, row('problem', status.problem)];
  if (!status.exists) return [...lines, row('installed', 'no (file does not exist)')];
  const installed = status.installed ?? [];
  const modes = [...new Set(installed.map((hook) => hook.mode))];
  const ports = [
    ...new Set(installed.flatMap((hook) => (hook.port === undefined ? [] : [hook.port]))),
  ];
  const events = new Set(installed.map((hook) => hook.event)).size;
  const how = [modes.join('+'), ports.length > 0 ? `port ${ports.join(', ')}` : '']
    .filter((part) => part !== '')
    .join(', ');
  lines.push(
    row('installed', `${events}/${HOOK_EVENTS.length} events${how === '' ? '' : ` (${how})`}`),
  );
  if (status.blocking !== undefined) lines.push(row('blocking', blockingText(status.blocking)));
  if ((status.missing ?? []).length > 0 && events > 0)
    lines.push(row('missing', (status.missing ?? []).join(', ')));
  if ((status.duplicates ?? []).length > 0)
    lines.push(row('duplicates', `${(status.duplicates ?? []).join(', ')} (run hooks install)`));
  lines.push(row('foreign', `${status.foreignHandlers ?? 0} other hook(s), left alone`));
  if (status.statusLine !== undefined)
    lines.push(
      row(
        'statusline',
        status.statusLine === 'ours'
          ? 'claude-hybrid'
          : status.statusLine === 'foreign'
            ? 'your own command, left alone'
            : 'not set (hooks install --statusline)',
      ),
    );
  if (installed.some((hook) => hook.tokenFromEnv === true)) {
    const set = (env[TOKEN_ENV_VAR] ?? '') !== '';
    lines.push(row('token', `from $${TOKEN_ENV_VAR} (set in this shell: ${set ? 'yes' : 'no'})`));
  }
  if (status.disableAllHooks === true)
    lines.push(row('warning', 'disableAllHooks is true: Claude Code runs no hooks'));
  if (status.portWarning !== undefined) lines.push(row('warning', status.portWarning));
  if (status.alsoInstalledIn !== undefined)
    lines.push(
      row(
        'warning',
        `also installed in ${status.alsoInstalledIn.join(', ')} scope: Claude Code runs both, so each event is sent twice (hooks uninstall --scope ${status.alsoInstalledIn[0] ?? ''})`,
      ),
    );
  return lines;
}

async function status(context: CliContext, values: ParsedValues): Promise<number> {
  const only = scopeOf(values);
  // Every scope is read, even for --scope: hooks of ours in two scopes all run, so Claude Code
  // would send each event twice.
  const all = SCOPES.map((scope) => hooksStatus({ file: fileFor(context, scope), scope }));
  const installedIn = all
    .filter((scope) => (scope.installed ?? []).length > 0)
    .map((scope) => scope.scope);
  const found = all.filter((scope) => only === undefined || scope.scope === only);
  const daemon = found.some((scope) =>
    (scope.installed ?? []).some((hook) => hook.port !== undefined),
  )
    ? await runningDaemon(resolveHybridHome(context.io.env))
    : undefined;
  const scopes = found.map((scope) => {
    const portWarning = portWarningOf(scope, daemon);
    const others = installedIn.filter((other) => other !== scope.scope);
    const twice = installedIn.includes(scope.scope) && others.length > 0;
    return {
      ...scope,
      ...(portWarning === undefined ? {} : { portWarning }),
      ...(twice ? { alsoInstalledIn: others } : {}),
    };
  });
  if (context.json) {
    const tokenEnvSet = (context.io.env[TOKEN_ENV_VAR] ?? '') !== '';
    context.writeJson({ events: HOOK_EVENTS, tokenEnvSet, scopes });
  } else context.out(scopes.flatMap((scope) => describeScope(scope, context.io.env)).join('\n'));
  return 0;
}

export const hooksGroup: CommandGroup = {
  name: 'hooks',
  summary: 'Install, remove or inspect the Claude Code hooks that feed the daemon.',
  subcommands: [
    {
      name: 'install',
      summary: 'Register claude-hybrid on every Claude Code hook event (safe to re-run).',
      usage:
        '[--scope project|user|local] [--mode http|command] [--blocking needed|all] [--statusline [--force]] [--json]',
      details:
        'Registers hooks for the 11 Claude Code events the daemon handles (SessionStart,\n' +
        'UserPromptSubmit, PreToolUse, PostToolUse, PostToolUseFailure, SubagentStart, SubagentStop,\n' +
        'Stop, Notification, PreCompact, SessionEnd). Scope: local (default,\n' +
        '.claude/settings.local.json, not checked in), project (.claude/settings.json) or user\n' +
        '(~/.claude/settings.json; $CLAUDE_CONFIG_DIR when set).\n\n' +
        'http mode (default) points each hook at the running daemon with its token (start the daemon\n' +
        'first; project scope reads the token from $CLAUDE_HYBRID_DAEMON_TOKEN instead of storing\n' +
        'it). Claude Code runs no http hook for SessionStart, so that one event goes through the\n' +
        'relay. command mode runs the bundled relay for every event (`bash dist/hook-relay.sh\n' +
        '<Event> <node>`: bash posts to the daemon itself, or sh and curl where there is no bash;\n' +
        'node when the daemon is down) and also works with no daemon.\n\n' +
        '--blocking needed (default): Claude Code waits only for the hooks whose answer matters or\n' +
        'that end a turn: PreToolUse of Bash (the hooks.denyBash policy), UserPromptSubmit, Stop,\n' +
        'SubagentStop and SessionEnd. The others (PreToolUse of other tools, PostToolUse, Notification,\n' +
        'SubagentStart, PreCompact, ...) run in the background through the command relay, and at\n' +
        'Stop, SubagentStop, SessionEnd and when a session is next seen the daemon records from the\n' +
        'session transcript every tool call and delegation a background hook did not deliver\n' +
        '(marked reconciled). --blocking all: Claude Code waits for every hook.\n\n' +
        'Only our own entries are added or updated in place (command hooks end with # claude-hybrid,\n' +
        'http hooks send X-Managed-By: claude-hybrid); other hooks, settings, key order, indentation\n' +
        'and line endings are kept, and the previous file is saved as <file>.claude-hybrid.bak. A\n' +
        'second install changes no byte. A settings file that is not valid JSON is refused\n' +
        '(hooks.unparseable_settings) and left untouched, and so is a project or local settings\n' +
        'file (or .claude/ folder) that is a symlink leading out of .claude/\n' +
        '(hooks.symlinked_settings): the token could land in a tracked file. In a git work tree, or\n' +
        'beside an existing .gitignore, .claude/settings.local.json and the .claude-hybrid.bak\n' +
        'copies are added to the project .gitignore when missing.\n\n' +
        '--statusline also registers the Claude Code status line (`claude-hybrid statusline`: the\n' +
        "active agent, context %, session cost and the dashboard link) as the file's statusLine:\n" +
        '`sh dist/statusline.sh <node> # claude-hybrid` (curl to the daemon, node when it is down).\n' +
        'A status line of your own is kept: the install is refused (hooks.statusline_taken) and\n' +
        'nothing is written, unless --force, which replaces it (the old file is saved in the\n' +
        '.claude-hybrid.bak backup). uninstall removes our status line, never yours.\n\n' +
        'When the claude-hybrid Claude Code plugin is enabled here (enabledPlugins in user, project\n' +
        'or local settings), it registers these hooks itself: install writes none and says so in\n' +
        'one line (with --statusline, only the status line), unless --force.',
      options: {
        ...SCOPE_OPTION,
        mode: { type: 'string', value: 'M', description: 'http (default) or command' },
        blocking: {
          type: 'string',
          value: 'B',
          description: 'needed (default: only hooks whose answer matters block) or all',
          complete: { choices: BLOCKING },
        },
        statusline: {
          type: 'boolean',
          description: 'Also register the Claude Code status line (claude-hybrid statusline)',
        },
        force: {
          type: 'boolean',
          description:
            'Install even when the claude-hybrid plugin is enabled; with --statusline, replace a status line of your own',
        },
      },
      positionals: { min: 0, max: 0, name: '' },
      examples: [
        'claude-hybrid hooks install',
        'claude-hybrid hooks install --scope user --mode command',
        'claude-hybrid hooks install --blocking all',
        'claude-hybrid hooks install --statusline',
      ],
      run: (context, values) => Promise.resolve().then(() => install(context, values)),
    },
    {
      name: 'uninstall',
      summary: 'Remove claude-hybrid hooks from a settings file; other hooks are kept.',
      usage: '[--scope project|user|local] [--json]',
      details:
        'Removes only our entries (the ones install marks), and our status line; other hooks,\n' +
        'settings and a status line of your own are kept.',
      options: SCOPE_OPTION,
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid hooks uninstall --scope user'],
      run: (context, values) => Promise.resolve().then(() => uninstall(context, values)),
    },
    {
      name: 'status',
      summary:
        'Per scope: installed events, mode and port, missing events, duplicates, other hooks.',
      usage: '[--scope project|user|local] [--json]',
      details:
        'Per scope: the file, how many of the 11 events are installed and in which mode, missing\n' +
        'events, duplicates, other hooks left alone, and whether disableAllHooks is on; in project\n' +
        'scope, whether $CLAUDE_HYBRID_DAEMON_TOKEN is set. A warning (portWarning in --json) when\n' +
        "http hooks point at a port where this home's daemon does not listen, and\n" +
        '(alsoInstalledIn) when our hooks are in more than one scope: each event would be sent twice.\n' +
        'statusLine: ours (claude-hybrid), foreign (your own, left alone) or none.',
      options: SCOPE_OPTION,
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid hooks status --json'],
      run: (context, values) => status(context, values),
    },
  ],
};
