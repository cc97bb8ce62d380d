import { execFileSync, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuilt, tempProject } from './support/cli.js';
import { waitFor } from './support/wait.js';

const NODE_RELAY = fileURLToPath(new URL('../dist/hook-relay.cjs', import.meta.url));
const SHELL_RELAY = fileURLToPath(new URL('../dist/hook-relay.sh', import.meta.url));
/**
 * The ways a command hook runs the relay: bash alone (its /dev/tcp), sh and curl (POSIX), or
 * node alone (Windows).
 */
const RELAYS = {
  node: (event: string): [string, string[]] => [process.execPath, [NODE_RELAY, event]],
  shell: (event: string): [string, string[]] => ['/bin/sh', [SHELL_RELAY, event, process.execPath]],
  bash: (event: string): [string, string[]] => [
    '/bin/bash',
    [SHELL_RELAY, event, process.execPath],
  ],
} as const;
const cli = runBuilt;

describe('claude-hybrid daemon and the command-mode relay', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let cleanup: () => void;
  beforeEach(async () => {
    ({ dir, env, cleanup } = tempProject());
    expect((await cli(['init'], { cwd: dir, env })).code).toBe(0);
    writeFileSync(
      join(dir, '.claude-hybrid', 'config.yaml'),
      'version: 1\nhooks:\n  denyBash:\n    - "rm -rf /"\n',
    );
  });
  afterEach(async () => {
    await cli(['daemon', 'stop'], { cwd: dir, env });
    cleanup();
  });

  const home = (): string => env.CLAUDE_HYBRID_HOME ?? '';
  let via: keyof typeof RELAYS = 'node';
  const relay = (event: string, input: unknown, extraEnv: NodeJS.ProcessEnv = {}) => {
    const [command, args] = RELAYS[via](event);
    return spawnSync(command, args, {
      input: typeof input === 'string' ? input : JSON.stringify(input),
      env: { ...env, ...extraEnv },
      cwd: dir,
      encoding: 'utf8',
    });
  };
  /** A PreToolUse for the Bash `command`, as Claude Code sends it. */
  const bash = (toolUseId: string, command: string) => ({
    session_id: 'S',
    cwd: dir,
    tool_name: 'Bash',
    tool_use_id: toolUseId,
    tool_input: { command },
  });
  /** The relay exited 0 with the daemon's (or its own) deny decision. */
  const expectDenied = (result: { status: number | null; stdout: string }): void => {
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      hookSpecificOutput: { permissionDecision: 'deny' },
    });
  };
  const notifications = async (): Promise<unknown[]> =>
    (
      JSON.parse(
        (await cli(['events', 'list', '--type', 'hook.Notification', '--json'], { cwd: dir, env }))
          .stdout,
      ) as { events: unknown[] }
    ).events;
  const status = async (): Promise<{ running: boolean; events?: number }> =>
    JSON.parse((await cli(['daemon', 'status', '--json'], { cwd: dir, env })).stdout) as {
      running: boolean;
      events?: number;
    };

  it.each(Object.keys(RELAYS) as (keyof typeof RELAYS)[])(
    'starts once per user, answers hooks through the %s relay, stops, and the relay then works alone',
    async (relayKind) => {
      via = relayKind;
      if (via === 'shell') {
        // The user's own curl settings and proxies must not reach the daemon's loopback call.
        writeFileSync(join(env.HOME ?? dir, '.curlrc'), 'proxy = "http://127.0.0.1:9"\n');
        env = { ...env, http_proxy: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' };
      }
      const started = JSON.parse(
        (await cli(['daemon', 'start', '--port', '0', '--json'], { cwd: dir, env })).stdout,
      ) as { started: boolean; port: number; pid: number };
      expect(started.started).toBe(true);
      expect(statSync(join(home(), 'daemon.json')).mode & 0o777).toBe(0o600);
      // The shell relay's curl config carries the token, so it is private too.
      expect(statSync(join(home(), 'relay.curlrc')).mode & 0o777).toBe(0o600);
      const again = JSON.parse(
        (await cli(['daemon', 'up', '--port', '0', '--json'], { cwd: dir, env })).stdout,
      ) as { started: boolean; pid: number };
      expect(again).toMatchObject({ started: false, pid: started.pid });

      const allowed = relay('PreToolUse', bash('T1', 'ls'));
      // Nothing to decide: no output, or the empty object (both mean "go on" to Claude Code).
      expect(allowed.status).toBe(0);
      expect(['', '{}']).toContain(allowed.stdout);
      const denied = relay('PreToolUse', bash('T2', 'rm -rf / --no-preserve-root'));
      expectDenied(denied);
      expect(
        relay('PostToolUse', { session_id: 'S', cwd: dir, tool_name: 'Bash', tool_use_id: 'T1' })
          .status,
      ).toBe(0);
      expect(await status()).toMatchObject({ running: true, events: 3 });

      expect((await cli(['daemon', 'down'], { cwd: dir, env })).stdout).toContain('daemon stopped');
      expect(await status()).toEqual({ running: false });
      // No daemon: the relay handles the event itself, policy included, and still exits 0.
      const alone = relay('PreToolUse', bash('T3', 'rm -rf /'));
      expectDenied(alone);
      const listed = JSON.parse(
        (await cli(['events', 'list', '--type', 'tool.*', '--json'], { cwd: dir, env })).stdout,
      ) as { events: { type: string; payload: { toolUseId?: string } }[] };
      expect(listed.events.map((event) => [event.type, event.payload.toolUseId])).toEqual([
        ['tool.denied', 'T3'],
        ['tool.completed', 'T1'],
        ['tool.denied', 'T2'],
      ]);
      // A telemetry event with no daemon is spooled, and handled when the daemon starts.
      expect(relay('Stop', { session_id: 'S', cwd: dir }).status).toBe(0);
      expect(
        readdirSync(join(home(), 'spool')).filter((name) => name.endsWith('.json')),
      ).toHaveLength(1);
      await cli(['daemon', 'start', '--port', '0'], { cwd: dir, env });
      const stops = JSON.parse(
        (await cli(['events', 'list', '--type', 'hook.Stop', '--json'], { cwd: dir, env })).stdout,
      ) as { events: unknown[] };
      expect(stops.events).toHaveLength(1);
      expect(readdirSync(join(home(), 'spool')).filter((name) => name.endsWith('.json'))).toEqual(
        [],
      );
      // With the daemon up, a spooled event is picked up at once.
      expect(relay('Notification', { session_id: 'S', cwd: dir, message: 'hi' }).status).toBe(0);
      await waitFor(async () => (await notifications()).length === 1, 5_000, 50);
      expect(await notifications()).toHaveLength(1);
      // Garbage on stdin never blocks Claude Code: exit 0, nothing printed, the reason on stderr.
      const garbage = relay('PreToolUse', '{oops');
      expect(garbage).toMatchObject({ status: 0, stdout: '' });
      expect(garbage.stderr).toMatch(/claude-hybrid hook: .*(400|deliver)/);
      // A hostile event name reaches no URL of its own making, and still never blocks.
      expect(relay('../shutdown', { session_id: 'S', cwd: dir })).toMatchObject({ status: 0 });
      expect(await status()).toMatchObject({ running: true });
    },
  );

  it('bash posts to the daemon by itself: no curl, no node, multibyte input intact, a refusal on stderr', async () => {
    await cli(['daemon', 'start', '--port', '0'], { cwd: dir, env });
    // A PATH with cat alone (it reads the rest of a large input).
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(
      execFileSync('sh', ['-c', 'command -v cat'], { encoding: 'utf8' }).trim(),
      join(bin, 'cat'),
    );
    const post = (event: string, input: unknown) =>
      spawnSync('/bin/bash', [SHELL_RELAY, event, join(dir, 'no-such-node')], {
        input: JSON.stringify(input),
        env: { ...env, PATH: bin },
        cwd: dir,
        encoding: 'utf8',
      });
    expectDenied(post('PreToolUse', bash('B1', 'rm -rf / --no-preserve-root')));
    // Content-Length counts bytes: a large input full of multibyte characters arrives whole.
    const output = `${'é✓ '.repeat(200_000)}end`;
    expect(
      post('PostToolUse', {
        session_id: 'S',
        cwd: dir,
        tool_name: 'Bash',
        tool_use_id: 'B2',
        tool_response: { stdout: output },
      }).status,
    ).toBe(0);
    const posted = JSON.parse(
      (await cli(['events', 'list', '--type', 'hook.PostToolUse', '--json'], { cwd: dir, env }))
        .stdout,
    ) as { events: { payload: { tool_response?: { stdout?: string } } }[] };
    // The log keeps the start of a long field and counts the rest: all 600,003 characters came.
    expect(posted.events[0]?.payload.tool_response?.stdout).toMatch(
      /^(é✓ )+é… \[583619 more characters\]$/,
    );
    // Over the daemon's size limit: it answers 413 and closes; the relay still exits 0 and says so.
    const huge = post('PostToolUse', {
      session_id: 'S',
      cwd: dir,
      tool_name: 'Bash',
      tool_use_id: 'B4',
      tool_response: { stdout: 'x'.repeat(9 * 1024 * 1024) },
    });
    expect([huge.status, huge.signal, huge.stdout]).toEqual([0, null, '']);
    expect(huge.stderr).toMatch(/did not take PostToolUse \(HTTP\/1\.1 413/);
    // A token the daemon refuses: nothing on stdout (Claude Code goes on), the reason on stderr.
    writeFileSync(join(home(), 'daemon.token'), 'not-the-token-0123456789abcdef\n');
    const refused = post('PreToolUse', bash('B3', 'ls'));
    expect(refused.status).toBe(0);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/did not take PreToolUse \(HTTP\/1\.1 401/);
  });

  it('recovers from a daemon killed with SIGKILL: status says not running, start starts a new one', async () => {
    const first = JSON.parse(
      (await cli(['daemon', 'start', '--port', '0', '--json'], { cwd: dir, env })).stdout,
    ) as { pid: number };
    const firstToken = (
      JSON.parse(readFileSync(join(home(), 'daemon.json'), 'utf8')) as { token: string }
    ).token;
    // No curl on PATH: the shell relay hands the event to the node relay, which reaches the daemon.
    via = 'shell';
    expectDenied(relay('PreToolUse', bash('T8', 'rm -rf /'), { PATH: '/nonexistent' }));
    expect(await status()).toMatchObject({ running: true, events: 1 });
    process.kill(first.pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await status()).toEqual({ running: false });
    const second = JSON.parse(
      (await cli(['daemon', 'start', '--port', '0', '--json'], { cwd: dir, env })).stdout,
    ) as { started: boolean; pid: number };
    expect(second.started).toBe(true);
    expect(second.pid).not.toBe(first.pid);
    expect(JSON.parse(readFileSync(join(home(), 'daemon.json'), 'utf8'))).toMatchObject({
      pid: second.pid,
    });
    // The token survives restarts: installed http hooks carry it.
    const token = (
      JSON.parse(readFileSync(join(home(), 'daemon.json'), 'utf8')) as { token: string }
    ).token;
    expect(token).toBe(firstToken);
    expect(statSync(join(home(), 'daemon.token')).mode & 0o777).toBe(0o600);
    // A daemon.json naming a dead process: the shell relay hands the event to node, in-process.
    process.kill(second.pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
    via = 'shell';
    const alone = relay('PreToolUse', bash('T9', 'rm -rf /'));
    expectDenied(alone);
  });
});
