import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuilt, tempProject } from './support/cli.js';
import { daemonPids, occupiedPort } from './probe/classes/daemon-probe-support.js';

// The daemon's life across ports: a taken default port, restart, and hooks that point at a port
// where the daemon no longer listens (newcomer finding 6). Concurrent starts, symlinked
// settings, Host/Origin and exactly-once delivery are probe classes (test/probe/classes/d*).

describe('daemon ports and installed hooks', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let cleanup: () => void;
  const cli = (argv: readonly string[], extra: NodeJS.ProcessEnv = {}) =>
    runBuilt(argv, { cwd: dir, env: { ...env, ...extra } });
  const home = (): string => env.CLAUDE_HYBRID_HOME ?? '';
  const daemonPort = (): number =>
    (JSON.parse(readFileSync(join(home(), 'daemon.json'), 'utf8')) as { port: number }).port;
  const portWarnings = async (): Promise<(string | undefined)[]> =>
    (
      JSON.parse((await cli(['hooks', 'status', '--scope', 'local', '--json'])).stdout) as {
        scopes: { portWarning?: string }[];
      }
    ).scopes.map((scope) => scope.portWarning);

  beforeEach(async () => {
    ({ dir, env, cleanup } = tempProject());
    expect((await cli(['init'])).code).toBe(0);
  });
  afterEach(async () => {
    await cli(['daemon', 'stop']);
    expect(daemonPids(home())).toEqual([]);
    cleanup();
  });

  it('init --claude-code completes when another home holds daemon.port; restart keeps the port', async () => {
    const other = await occupiedPort();
    try {
      const taken = { CLAUDE_HYBRID_DAEMON_PORT: String(other.port) };
      const init = await cli(['init', '--claude-code', '--json'], taken);
      expect(init.code).toBe(0);
      const port = daemonPort();
      expect(port).not.toBe(other.port);
      expect(
        (JSON.parse(init.stdout) as { claudeCode: { daemonPort: number } }).claudeCode.daemonPort,
      ).toBe(port);
      expect(readFileSync(join(dir, '.claude', 'settings.local.json'), 'utf8')).toContain(
        `http://127.0.0.1:${port}/hooks/Stop`,
      );
      expect(await portWarnings()).toEqual([undefined]);

      const restart = await cli(['daemon', 'restart'], taken);
      expect(restart.code).toBe(0);
      expect(restart.stdout).toContain(`daemon stopped (was on 127.0.0.1:${port})`);
      expect(daemonPort()).toBe(port);

      const explicit = await cli(['daemon', 'restart', '--port', String(other.port)]);
      expect(explicit.code).toBe(2);
      expect(explicit.stderr).toMatch(new RegExp(`error\\[daemon.port_taken\\].*${other.port}`));
      expect(explicit.stderr).not.toContain('error[internal]');
      // Refused before the stop: the daemon is still there, on its port.
      expect(daemonPids(home())).toHaveLength(1);
      expect((await cli(['daemon', 'status', '--json'])).stdout).toContain(`"port":${port}`);
    } finally {
      await other.close();
    }
  });

  it('hooks status warns when http hooks point where no daemon of this home listens', async () => {
    expect((await cli(['daemon', 'start', '--port', '0'])).code).toBe(0);
    const first = daemonPort();
    expect((await cli(['hooks', 'install'])).code).toBe(0);
    expect(await portWarnings()).toEqual([undefined]);
    expect((await cli(['daemon', 'stop'])).code).toBe(0);
    expect((await portWarnings())[0]).toMatch(
      `port ${first}, but no daemon of this home is running`,
    );
    expect((await cli(['daemon', 'start', '--port', '0'])).code).toBe(0);
    const moved = await cli(['hooks', 'status', '--scope', 'local']);
    expect(moved.stdout).toMatch(
      new RegExp(
        `warning +http hooks point at port ${first}, but this home's daemon listens on ${daemonPort()}`,
      ),
    );
    expect((await cli(['hooks', 'install'])).code).toBe(0);
    expect(await portWarnings()).toEqual([undefined]);
  });
});
