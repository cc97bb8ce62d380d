import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  HOOK_EVENTS,
  applyHooks,
  blocksIn,
  buildGroups,
  buildHandler,
  buildHooks,
  isOurHandler,
  quoteShellArgument,
  removeHooks,
  settingsProblem,
} from './hooks-settings.js';
import type { CommandRelay, HookTarget, JsonObject } from './hooks-settings.js';
import { inspectHooks } from './hooks-inspection.js';

const HTTP: HookTarget = { mode: 'http', port: 47632, token: 'tok_abc123' };
const COMMAND: HookTarget = {
  mode: 'command',
  nodePath: '/usr/local/bin/node',
  relayPath: '/opt/claude hybrid/dist/hook-relay.cjs',
};

const SHELL_RELAY: CommandRelay = {
  nodePath: '/usr/local/bin/node',
  relayPath: '/opt/claude hybrid/dist/hook-relay.sh',
  shellPath: '/bin/sh',
};
const HTTP_WITH_RELAY: HookTarget = { ...HTTP, relay: SHELL_RELAY };
const ALL = { blocking: 'all', policyTools: ['Bash'] } as const;

type Group = { matcher?: string; hooks: JsonObject[] };

const userBashHook = { type: 'command', command: './check.sh', timeout: 10 };

describe('handlers we write', () => {
  it('http, user or local scope: the literal token, the marker header, seconds', () => {
    expect(buildHandler('PreToolUse', HTTP, 'local')).toEqual({
      type: 'http',
      url: 'http://127.0.0.1:47632/hooks/PreToolUse',
      timeout: 5,
      headers: { Authorization: 'Bearer tok_abc123', 'X-Managed-By': 'claude-hybrid' },
    });
  });

  it('http, project scope: names the token variable and allows it, never the token', () => {
    const handler = buildHandler('Stop', HTTP, 'project');
    expect(handler).toEqual({
      type: 'http',
      url: 'http://127.0.0.1:47632/hooks/Stop',
      timeout: 2,
      headers: {
        Authorization: 'Bearer $CLAUDE_HYBRID_DAEMON_TOKEN',
        'X-Managed-By': 'claude-hybrid',
      },
      allowedEnvVars: ['CLAUDE_HYBRID_DAEMON_TOKEN'],
    });
    expect(JSON.stringify(handler)).not.toContain('tok_abc123');
  });

  it('command: quoted node and relay paths, the event, the marker; background ones async', () => {
    expect(buildHandler('Notification', COMMAND, 'user', true)).toEqual({
      type: 'command',
      command:
        '"/usr/local/bin/node" "/opt/claude hybrid/dist/hook-relay.cjs" Notification # claude-hybrid',
      async: true,
      timeout: 5,
    });
    expect(buildHandler('PreToolUse', COMMAND, 'user')).not.toHaveProperty('async');
    expect(buildHandler('Notification', COMMAND, 'user')).not.toHaveProperty('async');
  });

  it('http: a background handler runs the relay (Claude Code runs only commands async)', () => {
    expect(buildHandler('PostToolUse', HTTP_WITH_RELAY, 'user', true)).toEqual(
      buildHandler('PostToolUse', { mode: 'command', ...SHELL_RELAY }, 'user', true),
    );
    expect(buildHandler('PostToolUse', HTTP_WITH_RELAY, 'user')).toMatchObject({ type: 'http' });
    // With no relay to run, it stays a (blocking) http handler rather than not being recorded.
    expect(buildHandler('PostToolUse', HTTP, 'user', true)).toMatchObject({ type: 'http' });
  });

  it('command through sh: the shell, the script, the event, then node for the fallback', () => {
    const relay: CommandRelay = {
      nodePath: '/usr/local/bin/node',
      relayPath: '/opt/claude hybrid/dist/hook-relay.sh',
      shellPath: '/bin/sh',
    };
    const shell: HookTarget = { mode: 'command', ...relay };
    expect(buildHandler('PreToolUse', shell, 'user')).toEqual({
      type: 'command',
      command:
        '"/bin/sh" "/opt/claude hybrid/dist/hook-relay.sh" PreToolUse "/usr/local/bin/node" # claude-hybrid',
      timeout: 5,
    });
    expect(isOurHandler(buildHandler('Stop', shell, 'user'))).toBe(true);
    // In http mode SessionStart (which Claude Code runs only as a command) takes the same relay.
    expect(buildHandler('SessionStart', { ...HTTP, relay }, 'user')).toEqual(
      buildHandler('SessionStart', shell, 'user'),
    );
  });

  it('quotes paths so a POSIX shell reads them back verbatim', () => {
    const path = '/tmp/we ird/$HOME/`id`/"q"/back\\slash/it\'s';
    const result = spawnSync('/bin/sh', ['-c', `printf '%s' ${quoteShellArgument(path)}`], {
      encoding: 'utf8',
    });
    expect(result.stdout).toBe(path);
  });

  it('recognises only our handlers', () => {
    expect(isOurHandler(buildHandler('Stop', HTTP, 'user'))).toBe(true);
    expect(isOurHandler(buildHandler('Stop', COMMAND, 'user'))).toBe(true);
    expect(isOurHandler({ type: 'command', command: 'claude-hybrid events tail' })).toBe(false);
    expect(isOurHandler({ type: 'http', url: 'http://127.0.0.1:47632/hooks/Stop' })).toBe(false);
    expect(isOurHandler({ type: 'prompt', prompt: '# claude-hybrid' })).toBe(false);
    expect(isOurHandler('# claude-hybrid')).toBe(false);
  });
});

describe('layouts: which hooks Claude Code waits for', () => {
  const blockingIn = (hooks: Record<string, JsonObject[]>): string[] =>
    Object.entries(hooks).flatMap(([event, groups]) =>
      (groups as Group[]).flatMap((group) =>
        group.hooks
          .filter((handler) => handler.async !== true)
          .map(
            (handler) =>
              `${event}${group.matcher === undefined ? '' : `[${group.matcher}]`}:${String(handler.type)}`,
          ),
      ),
    );

  it('needed (default): only the policy tools, prompts and the reconciling events block', () => {
    expect(blockingIn(buildHooks(HTTP_WITH_RELAY, 'local'))).toEqual([
      'UserPromptSubmit:http',
      'PreToolUse[Bash]:http',
      'SubagentStop:http',
      'Stop:http',
      'SessionEnd:http',
    ]);
    const background = Object.entries(buildHooks(HTTP_WITH_RELAY, 'local')).flatMap(
      ([event, groups]) =>
        (groups as Group[]).flatMap((group) =>
          group.hooks.filter((handler) => handler.async === true).map(() => event),
        ),
    );
    expect(background).toEqual([
      'SessionStart',
      'PreToolUse',
      'PostToolUse',
      'PostToolUseFailure',
      'SubagentStart',
      'Notification',
      'PreCompact',
    ]);
    expect(blocksIn('PostToolUse', 'needed')).toBe(false);
    expect(blocksIn('PostToolUse', 'all')).toBe(true);
  });

  it('needed: PreToolUse is split so each tool has exactly one handler of ours', () => {
    const [policy, others] = buildGroups('PreToolUse', COMMAND, 'user') as Group[];
    expect(policy?.matcher).toBe('Bash');
    expect(policy?.hooks[0]).not.toHaveProperty('async');
    expect(others?.hooks[0]?.async).toBe(true);
    const rest = new RegExp(others?.matcher ?? '');
    expect(['Bash'].filter((tool) => rest.test(tool))).toEqual([]);
    expect(['Agent', 'Read', 'BashOutput', 'mcp__x__Bash'].every((tool) => rest.test(tool))).toBe(
      true,
    );
  });

  it('needed: the matchers name exactly the tools the policy answers, escaped', () => {
    const layout = { blocking: 'needed', policyTools: ['Bash', 'mcp__a.b'] } as const;
    const [policy, others] = buildGroups('PreToolUse', COMMAND, 'user', layout) as Group[];
    expect(policy?.matcher).toBe('Bash|mcp__a\\.b');
    const rest = new RegExp(others?.matcher ?? '');
    expect(['Bash', 'mcp__a.b', 'Agent', 'mcp__aXb'].map((tool) => rest.test(tool))).toEqual([
      false,
      false,
      true,
      true,
    ]);
    // No policy tool: every PreToolUse is recorded in the background.
    const none = buildGroups('PreToolUse', COMMAND, 'user', {
      blocking: 'needed',
      policyTools: [],
    });
    expect(none).toEqual([
      { matcher: '*', hooks: [buildHandler('PreToolUse', COMMAND, 'user', true)] },
    ]);
  });

  it('all: every hook blocks, one group per event, as http where Claude Code allows it', () => {
    const hooks = buildHooks(HTTP_WITH_RELAY, 'local', ALL);
    expect(blockingIn(hooks)).toHaveLength(HOOK_EVENTS.length);
    expect(blockingIn(hooks).filter((entry) => !entry.endsWith(':http'))).toEqual([
      'SessionStart:command',
    ]);
    for (const event of HOOK_EVENTS) expect(hooks[event]).toHaveLength(1);
  });
});

describe('applyHooks / removeHooks', () => {
  it('writes one group per event; tool events match "*", the others have no matcher', () => {
    const settings: JsonObject = {};
    applyHooks(settings, HTTP, 'user', ALL);
    const hooks = settings.hooks as Record<string, { matcher?: string; hooks: unknown[] }[]>;
    expect(Object.keys(hooks)).toEqual([...HOOK_EVENTS]);
    expect(hooks.PreToolUse?.[0]?.matcher).toBe('*');
    expect(hooks.PostToolUseFailure?.[0]?.matcher).toBe('*');
    expect(hooks.SessionStart?.[0]).not.toHaveProperty('matcher');
    for (const event of HOOK_EVENTS) expect(hooks[event]).toHaveLength(1);
  });

  it('updates ours in place, between the user groups, and never duplicates', () => {
    const userFirst = { matcher: 'Bash', hooks: [userBashHook] };
    const userLast = { matcher: 'Write', hooks: [userBashHook] };
    const settings: JsonObject = { hooks: { PreToolUse: [userFirst] } };
    applyHooks(settings, HTTP, 'user', ALL);
    (settings.hooks as Record<string, unknown[]>).PreToolUse?.push(userLast);
    applyHooks(settings, COMMAND, 'user');
    applyHooks(settings, COMMAND, 'user');
    const groups = (settings.hooks as Record<string, unknown[]>).PreToolUse ?? [];
    expect(groups).toHaveLength(4);
    expect(groups[0]).toBe(userFirst);
    expect(groups.slice(1, 3)).toEqual(buildGroups('PreToolUse', COMMAND, 'user'));
    expect(groups[3]).toBe(userLast);
    // Back to one blocking group in the same place.
    applyHooks(settings, COMMAND, 'user', ALL);
    expect((settings.hooks as Record<string, unknown[]>).PreToolUse).toEqual([
      userFirst,
      { matcher: '*', hooks: [buildHandler('PreToolUse', COMMAND, 'user')] },
      userLast,
    ]);
  });

  it('takes ours out of a group the user shares with it, and keeps the user handler', () => {
    const shared = { matcher: '*', hooks: [userBashHook, buildHandler('Stop', HTTP, 'user')] };
    const settings: JsonObject = { hooks: { Stop: [shared] } };
    expect(removeHooks(settings)).toBe(1);
    expect(settings).toEqual({ hooks: { Stop: [{ matcher: '*', hooks: [userBashHook] }] } });
  });

  it('removes what it emptied, and keeps what the user left empty', () => {
    const original = { hooks: { PermissionRequest: [], PreToolUse: [{ hooks: [] }] } };
    const settings: JsonObject = structuredClone(original);
    applyHooks(settings, HTTP_WITH_RELAY, 'user');
    expect(removeHooks(settings)).toBe(HOOK_EVENTS.length + 1); // PreToolUse has two
    expect(JSON.stringify(settings)).toBe(JSON.stringify(original));
    const fresh: JsonObject = { model: 'opus' };
    applyHooks(fresh, HTTP, 'user');
    removeHooks(fresh);
    expect(fresh).toEqual({ model: 'opus' });
  });
});

describe('inspectHooks', () => {
  it('reports mode, port, token source, missing events, duplicates and foreign handlers', () => {
    const settings: JsonObject = {};
    applyHooks(settings, HTTP, 'project', ALL);
    const hooks = settings.hooks as Record<string, unknown[]>;
    delete hooks.SessionEnd;
    hooks.Stop?.push({ hooks: [buildHandler('Stop', HTTP, 'project')] });
    hooks.Stop?.push({ hooks: [userBashHook, userBashHook] });
    settings.disableAllHooks = true;
    const report = inspectHooks(settings);
    expect(report.missing).toEqual(['SessionEnd']);
    expect(report.duplicates).toEqual(['Stop']);
    expect(report.foreignHandlers).toBe(2);
    expect(report.disableAllHooks).toBe(true);
    expect(report.installed).toHaveLength(HOOK_EVENTS.length);
    expect(report.blocking).toBe('all');
    expect(report.installed[0]).toEqual({
      event: 'SessionStart',
      mode: 'http',
      port: 47632,
      tokenFromEnv: true,
      async: false,
    });
  });

  it('reports the needed layout, whose two PreToolUse handlers are no duplicate', () => {
    const settings: JsonObject = {};
    applyHooks(settings, HTTP_WITH_RELAY, 'local');
    const report = inspectHooks(settings);
    expect(report.blocking).toBe('needed');
    expect(report.duplicates).toEqual([]);
    expect(report.missing).toEqual([]);
    expect(inspectHooks({}).blocking).toBeUndefined();
  });
});

describe('settingsProblem', () => {
  it('accepts objects whose hooks are an object of arrays, and names what is wrong otherwise', () => {
    expect(settingsProblem({})).toBeUndefined();
    expect(settingsProblem({ hooks: { Stop: [] } })).toBeUndefined();
    expect(settingsProblem([])).toBe('the top level is not a JSON object');
    expect(settingsProblem(null)).toBe('the top level is not a JSON object');
    expect(settingsProblem({ hooks: [] })).toBe('"hooks" is not an object');
    expect(settingsProblem({ hooks: { Stop: {} } })).toBe('"hooks.Stop" is not an array');
  });
});
