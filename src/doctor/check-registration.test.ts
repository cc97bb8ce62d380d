import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installHooks, settingsPath } from '../claude-code/hooks-installer.js';
import type { HookScope, HookTarget } from '../claude-code/hooks-settings.js';
import { installMcpServer, mcpConfigPath } from '../claude-code/mcp-config.js';
import { tempProject } from '../../test/support/cli.js';
import { doctorInput } from '../../test/support/doctor-input.js';
import { freePort } from '../../test/support/free-port.js';
import { checkDaemon } from './check-daemon.js';
import { checkHooks, checkMcp, checkStatusLine } from './check-registration.js';
import { readHookScopes } from './claude-settings.js';

const RELAY = { nodePath: '/usr/bin/node', relayPath: '/opt/ch/hook-relay.cjs' };
const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz0123';

function httpTarget(port: number): HookTarget {
  return { mode: 'http', port, token: TOKEN, relay: RELAY };
}

describe('hooks, MCP, status line and daemon checks', () => {
  let project: ReturnType<typeof tempProject>;
  let server: Server | undefined;
  beforeEach(() => {
    project = tempProject();
    mkdirSync(join(project.dir, '.claude-hybrid'), { mode: 0o700 });
  });
  afterEach(async () => {
    if (server !== undefined) await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    project.cleanup();
  });

  const input = () => doctorInput(project.dir, project.env);
  const install = (scope: HookScope, target: HookTarget) =>
    installHooks({
      file: settingsPath(scope, { projectRoot: project.dir, env: project.env }),
      scope,
      target,
    });

  /** A daemon of this home: daemon.json naming this process, and /health answering for it. */
  async function fakeDaemon(): Promise<number> {
    const port = await freePort();
    server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ pid: process.pid }));
    });
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    const home = project.env.CLAUDE_HYBRID_HOME ?? '';
    mkdirSync(home, { recursive: true, mode: 0o700 });
    writeFileSync(
      join(home, 'daemon.json'),
      JSON.stringify({ port, pid: process.pid, token: TOKEN, startedAt: 1, version: '0.1.0' }),
      { mode: 0o600 },
    );
    return port;
  }

  it('nothing installed: hooks and MCP warn with the install commands, daemon down warns', async () => {
    const scopes = readHookScopes(input());
    expect(checkHooks(input(), scopes)).toMatchObject({ status: 'warn' });
    expect(checkHooks(input(), scopes).fix).toContain('claude-hybrid hooks install');
    expect(checkMcp(input())).toMatchObject({ status: 'warn' });
    expect(checkMcp(input()).fix).toContain('claude-hybrid mcp install');
    expect(checkStatusLine(scopes).status).toBe('ok');
    const daemon = await checkDaemon(input(), scopes);
    expect(daemon).toMatchObject({ status: 'warn', fix: 'claude-hybrid daemon start' });
  });

  it('an enabled plugin is the path in use; direct hooks or server besides it warn', () => {
    const plugin = {
      id: 'claude-hybrid@claude-hybrid',
      scope: 'user' as const,
      file: '/home/settings.json',
    };
    const none = readHookScopes(input());
    expect(checkHooks(input(), none, plugin)).toMatchObject({ status: 'ok' });
    expect(checkHooks(input(), none, plugin).detail).toMatch(/^plugin: the claude-hybrid@/);
    expect(checkMcp(input(), plugin)).toMatchObject({ status: 'ok' });
    install('local', httpTarget(4999));
    installMcpServer(mcpConfigPath('project', { projectRoot: project.dir, env: project.env }), {
      type: 'stdio',
      command: 'claude-hybrid',
      args: ['mcp'],
    });
    const both = checkHooks(input(), readHookScopes(input()), plugin);
    expect(both).toMatchObject({
      status: 'warn',
      fix: 'claude-hybrid hooks uninstall --scope local',
    });
    expect(both.detail).toContain('each event is sent twice');
    expect(checkMcp(input(), plugin)).toMatchObject({
      status: 'warn',
      fix: 'claude-hybrid mcp uninstall --scope project',
    });
    expect(checkHooks(input(), readHookScopes(input()), undefined).detail).toMatch(/^direct: /);
  });

  it('http hooks with the daemon down fail: their events reach nothing', async () => {
    install('local', httpTarget(4999));
    const scopes = readHookScopes(input());
    expect(checkHooks(input(), scopes)).toMatchObject({ status: 'ok' });
    const daemon = await checkDaemon(input(), scopes);
    expect(daemon.status).toBe('fail');
    expect(daemon.detail).toContain('port 4999');
    expect(daemon.fix).toContain('claude-hybrid daemon start');
  });

  it('a running daemon passes when the hooks point at it, and fails when they do not', async () => {
    const port = await fakeDaemon();
    install('local', httpTarget(port));
    const ok = await checkDaemon(input(), readHookScopes(input()));
    expect(ok.status).toBe('ok');
    expect(ok.detail).toContain(`127.0.0.1:${port}`);
    expect(ok.detail).toContain('token present');
    expect(JSON.stringify(ok)).not.toContain(TOKEN);
    install('local', httpTarget(port === 65535 ? 1 : port + 1));
    const moved = await checkDaemon(input(), readHookScopes(input()));
    expect(moved.status).toBe('fail');
    expect(moved.fix).toBe('claude-hybrid hooks install --scope local');
  });

  it('hooks in two scopes warn: each event would be sent twice', () => {
    install('local', httpTarget(4999));
    install('user', httpTarget(4999));
    const check = checkHooks(input(), readHookScopes(input()));
    expect(check.status).toBe('warn');
    expect(check.fix).toBe('claude-hybrid hooks uninstall --scope user');
  });

  it('project-scope hooks need the token variable in the shell', () => {
    install('project', httpTarget(4999));
    const unset = checkHooks(input(), readHookScopes(input()));
    expect(unset.status).toBe('warn');
    expect(unset.fix).toContain('CLAUDE_HYBRID_DAEMON_TOKEN');
    const env = { ...project.env, CLAUDE_HYBRID_DAEMON_TOKEN: TOKEN };
    const set = checkHooks(doctorInput(project.dir, env), readHookScopes(input()));
    expect(set.status).toBe('ok');
  });

  it('a settings file that is not JSON fails with where it is', () => {
    const file = settingsPath('local', { projectRoot: project.dir, env: project.env });
    mkdirSync(join(project.dir, '.claude'), { recursive: true });
    writeFileSync(file, '{ not json');
    const check = checkHooks(input(), readHookScopes(input()));
    expect(check.status).toBe('fail');
    expect(check.fix).toContain(file);
  });

  it('an MCP entry that starts a missing file warns with the reinstall', () => {
    const file = mcpConfigPath('project', { projectRoot: project.dir, env: project.env });
    installMcpServer(file, {
      type: 'stdio',
      command: process.execPath,
      args: ['/gone/cli.cjs', 'mcp'],
    });
    const check = checkMcp(input());
    expect(check.status).toBe('warn');
    expect(check.detail).toContain('/gone/cli.cjs');
    expect(check.fix).toBe('claude-hybrid mcp install --scope project');
    installMcpServer(file, { type: 'stdio', command: process.execPath, args: [file, 'mcp'] });
    expect(checkMcp(input()).status).toBe('ok');
  });
});
