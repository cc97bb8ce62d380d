import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSubcommand } from '../../../test/support/cli.js';
import type { CliResult } from '../../../test/support/cli.js';
import { makeTempDir } from '../../../test/support/temp-dir.js';
import { HOOK_EVENTS } from '../../claude-code/hooks-settings.js';
import { HybridError } from '../../errors.js';
import { hooksGroup } from './hooks.js';

let root: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir: root, cleanup } = makeTempDir());
  mkdirSync(join(root, '.claude'));
});
afterEach(() => {
  cleanup();
});

const read = (file: string): string => readFileSync(file, 'utf8');

describe('hooks CLI', () => {
  const env = (): NodeJS.ProcessEnv => ({
    HOME: join(root, 'home'),
    CLAUDE_HYBRID_HOME: join(root, 'hybrid-home'),
  });
  const hooks = (
    name: string,
    values: Record<string, string> = {},
    json = false,
  ): Promise<CliResult> => runSubcommand(hooksGroup, name, { cwd: root, env: env(), json, values });

  it('http install needs the daemon: hooks.no_daemon, hint daemon start, nothing written', async () => {
    const error = await hooks('install').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HybridError);
    expect(error).toMatchObject({
      code: 'hooks.no_daemon',
      hint: 'claude-hybrid daemon start',
      exitCode: 2,
    });
    expect(existsSync(join(root, '.claude', 'settings.local.json'))).toBe(false);
  });

  it('installs from daemon.json into local scope by default; status and uninstall follow', async () => {
    mkdirSync(join(root, 'hybrid-home'));
    writeFileSync(
      join(root, 'hybrid-home', 'daemon.json'),
      JSON.stringify({ port: 47700, pid: 1, token: 'tok_xyz', startedAt: 0 }),
    );
    const install = await hooks('install');
    expect(install.code).toBe(0);
    expect(install.stdout).toContain(
      `created: ${HOOK_EVENTS.length} hook events (http -> 127.0.0.1:47700; blocking: needed:`,
    );
    const local = join(root, '.claude', 'settings.local.json');
    expect(read(local)).toContain('"Authorization": "Bearer tok_xyz"');

    const project = await hooks('install', { scope: 'project' });
    expect(project.stdout).toContain('export CLAUDE_HYBRID_DAEMON_TOKEN');

    const status = await hooks('status', {}, true);
    const parsed = JSON.parse(status.stdout) as {
      tokenEnvSet: boolean;
      scopes: { scope: string; missing?: string[]; exists: boolean }[];
    };
    expect(parsed.tokenEnvSet).toBe(false);
    expect(
      parsed.scopes.map((scope) => [scope.scope, scope.exists, scope.missing?.length]),
    ).toEqual([
      ['project', true, 0],
      ['user', false, HOOK_EVENTS.length],
      ['local', true, 0],
    ]);
    const text = await hooks('status', { scope: 'project' });
    expect(text.stdout).toContain('blocking   needed: PreToolUse of Bash');
    // --blocking all: every hook blocks, and status says so.
    await hooks('install', { scope: 'project', blocking: 'all' });
    expect((await hooks('status', { scope: 'project' })).stdout).toContain('blocking   all');
    await hooks('install', { scope: 'project' });
    await expect(hooks('install', { blocking: 'some' })).rejects.toMatchObject({
      message: 'unknown --blocking "some"',
      exitCode: 2,
    });
    expect(text.stdout).toContain(
      'token      from $CLAUDE_HYBRID_DAEMON_TOKEN (set in this shell: no)',
    );
    // Installed in two scopes: each event would be sent twice. And pid 1 is no daemon of ours.
    expect(text.stdout).toContain(
      'warning    also installed in local scope: Claude Code runs both, so each event is sent twice',
    );
    expect(text.stdout).toContain(
      'warning    http hooks point at port 47700, but no daemon of this home is running',
    );

    await hooks('uninstall');
    expect(read(local)).toBe('{}\n');
  });

  it('steps aside for an enabled claude-hybrid plugin in one line; --force installs anyway', async () => {
    mkdirSync(join(root, 'hybrid-home'));
    writeFileSync(
      join(root, 'hybrid-home', 'daemon.json'),
      JSON.stringify({ port: 47700, pid: 1, token: 'tok_xyz', startedAt: 0 }),
    );
    writeFileSync(
      join(root, '.claude', 'settings.json'),
      JSON.stringify({ enabledPlugins: { 'claude-hybrid@claude-hybrid': true } }),
    );
    const local = join(root, '.claude', 'settings.local.json');
    const skipped = await hooks('install');
    expect(skipped.code).toBe(0);
    expect(skipped.stdout.trim().split('\n')).toEqual([
      expect.stringContaining(
        'the claude-hybrid@claude-hybrid plugin is enabled (project settings',
      ),
    ]);
    expect(existsSync(local)).toBe(false);
    const forced = await runSubcommand(hooksGroup, 'install', {
      cwd: root,
      env: env(),
      json: false,
      values: { force: true },
    });
    expect(forced.code).toBe(0);
    expect(read(local)).toContain('"Authorization": "Bearer tok_xyz"');
  });

  it('rejects an unknown scope or mode as usage errors', async () => {
    for (const values of [{ scope: 'global' }, { mode: 'socket' }]) {
      const error = await hooks('install', values).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'usage', exitCode: 2 });
    }
  });
});
