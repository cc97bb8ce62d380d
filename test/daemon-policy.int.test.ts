import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuilt, tempProject } from './support/cli.js';

// Issue 15, items 1 and 2: a project's deny patterns cannot stall the daemon (they run on re2js,
// in linear time, within a budget), and a policy that cannot be read fails closed, loudly.

const NODE_RELAY = fileURLToPath(new URL('../dist/hook-relay.cjs', import.meta.url));
const cli = runBuilt;

describe('the daemon and the in-process hook under hostile or broken Bash policies', () => {
  let dir: string;
  let other: string;
  let env: NodeJS.ProcessEnv;
  let cleanup: () => void;
  let tick = 1_000_000;
  const home = (): string => env.CLAUDE_HYBRID_HOME ?? '';
  const configOf = (project: string): string => join(project, '.claude-hybrid', 'config.yaml');
  /** Writes a config with a new mtime, so the daemon sees the change within a millisecond. */
  const write = (project: string, text: string): void => {
    writeFileSync(configOf(project), text);
    tick += 10;
    utimesSync(configOf(project), tick, tick);
  };

  beforeEach(async () => {
    ({ dir, env, cleanup } = tempProject());
    other = join(dir, '..', 'other');
    mkdirSync(other);
    for (const project of [dir, other])
      expect((await cli(['init'], { cwd: project, env })).code).toBe(0);
    write(other, 'version: 1\nhooks:\n  denyBash: ["rm -rf /"]\n');
  });
  afterEach(async () => {
    await cli(['daemon', 'stop'], { cwd: dir, env });
    cleanup();
  });

  const startDaemon = async (): Promise<{ port: number; token: string }> => {
    expect((await cli(['daemon', 'start', '--port', '0'], { cwd: dir, env })).code).toBe(0);
    return JSON.parse(readFileSync(join(home(), 'daemon.json'), 'utf8')) as {
      port: number;
      token: string;
    };
  };
  const bash = (cwd: string, id: string, command: string) => ({
    session_id: 'S',
    cwd,
    tool_name: 'Bash',
    tool_use_id: id,
    tool_input: { command },
  });
  const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> => {
    const started = performance.now();
    const value = await work();
    return { value, ms: performance.now() - started };
  };
  const decision = (answer: unknown): string | undefined =>
    (answer as { hookSpecificOutput?: { permissionDecision?: string } }).hookSpecificOutput
      ?.permissionDecision;

  it('answers hooks of a project with a catastrophic pattern at once, and keeps serving others', async () => {
    write(dir, 'version: 1\nhooks:\n  denyBash: ["^(a+)+$", "^(\\\\w+\\\\s?)*$", "rm -rf /"]\n');
    const daemon = await startDaemon();
    const post = async (body: unknown): Promise<unknown> => {
      const response = await fetch(`http://127.0.0.1:${daemon.port}/hooks/PreToolUse`, {
        method: 'POST',
        headers: { authorization: `Bearer ${daemon.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      return response.json();
    };
    // The reproduction of the report (31.5 s with RegExp), then far longer commands.
    const first = await timed(() => post(bash(dir, 'R1', `${'a'.repeat(29)}!`)));
    expect(decision(first.value)).toBeUndefined();
    expect(first.ms).toBeLessThan(2_000);
    const flood = timed(() =>
      Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          post(bash(dir, `F${index}`, `${'a'.repeat(1_000 * (index + 1))}!`)),
        ),
      ),
    );
    const health = await timed(() =>
      fetch(`http://127.0.0.1:${daemon.port}/health`).then((response) => response.json()),
    );
    const elsewhere = await timed(() => post(bash(other, 'O1', 'rm -rf / --no-preserve-root')));
    const flooded = await flood;
    expect(health.value).toMatchObject({ ok: true });
    expect(health.ms).toBeLessThan(2_000);
    expect(decision(elsewhere.value)).toBe('deny');
    expect(elsewhere.ms).toBeLessThan(2_000);
    expect(flooded.value.map(decision)).toEqual(Array.from({ length: 40 }, () => undefined));
    expect(flooded.ms).toBeLessThan(10_000);
    // The rules still work in the hostile project.
    expect(decision(await post(bash(dir, 'R2', 'aaaa')))).toBe('deny');
    expect(decision(await post(bash(dir, 'R3', 'sudo rm -rf /')))).toBe('deny');
  });

  it('keeps denying through a broken config, and says so in daemon.log and daemon status', async () => {
    write(dir, 'version: 1\nhooks:\n  denyBash: ["rm -rf /"]\n');
    const daemon = await startDaemon();
    const post = async (cwd: string, id: string, command: string): Promise<unknown> =>
      (
        await fetch(`http://127.0.0.1:${daemon.port}/hooks/PreToolUse`, {
          method: 'POST',
          headers: { authorization: `Bearer ${daemon.token}` },
          body: JSON.stringify(bash(cwd, id, command)),
        })
      ).json();
    expect(decision(await post(dir, 'A', 'rm -rf / --no-preserve-root'))).toBe('deny');
    write(dir, 'version: 1\nhooks:\n  denyBash: ["rm -rf /"]\nengine:\n  maxConcurrency: [1\n');
    expect(decision(await post(dir, 'B', 'rm -rf / --no-preserve-root'))).toBe('deny');
    expect(decision(await post(dir, 'B2', 'ls'))).toBeUndefined();
    write(dir, 'version: 1\nhooks:\n  denyBash: "rm -rf /"\n');
    expect(decision(await post(dir, 'C', 'rm -rf / --no-preserve-root'))).toBe('deny');
    expect(decision(await post(dir, 'C2', 'rm -rf / --no-preserve-root'))).toBe('deny');

    const log = readFileSync(join(home(), 'daemon.log'), 'utf8');
    const lines = log.split('\n').filter((line) => line.includes(' policy '));
    // Once per change, not per event.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`${configOf(dir)}:6: invalid YAML`);
    expect(lines[1]).toMatch(/hooks\.denyBash: expected a array.*keeping the 1 pattern last read/);

    const status = JSON.parse(
      (await cli(['daemon', 'status', '--json'], { cwd: dir, env })).stdout,
    ) as {
      policyProblems: { root: string; problem: string; action: string }[];
    };
    expect(status.policyProblems).toEqual([
      expect.objectContaining({ root: dir, action: 'kept-last' }),
    ]);
    const text = (await cli(['daemon', 'status'], { cwd: dir, env })).stdout;
    expect(text).toContain(`Bash policy problem in ${dir} (keeping the last clean patterns)`);

    // Fixed: the problem is gone from status, and the log says the policy is back.
    write(dir, 'version: 1\nhooks:\n  denyBash: ["rm -rf /", "shutdown"]\n');
    expect(decision(await post(dir, 'D', 'shutdown -h now'))).toBe('deny');
    const fixed = JSON.parse(
      (await cli(['daemon', 'status', '--json'], { cwd: dir, env })).stdout,
    ) as {
      policyProblems: unknown[];
    };
    expect(fixed.policyProblems).toEqual([]);
    expect(readFileSync(join(home(), 'daemon.log'), 'utf8')).toContain(
      'Bash deny policy in force again (2 patterns)',
    );
  });

  it('fails closed the same way in the in-process hook, with no daemon', () => {
    const relay = (command: string): { status: number | null; stdout: string } =>
      spawnSync(process.execPath, [NODE_RELAY, 'PreToolUse'], {
        input: JSON.stringify(bash(dir, 'I', command)),
        env,
        cwd: dir,
        encoding: 'utf8',
      });
    const denied = (result: { stdout: string }): string | undefined =>
      result.stdout === '' ? undefined : decision(JSON.parse(result.stdout));
    // Never read cleanly (no validated-config cache): nothing to fall back on, so every Bash
    // command is denied.
    rmSync(join(home(), 'cache', 'config'), { recursive: true, force: true });
    write(dir, 'version: 1\nhooks:\n  denyBash: [rm\n');
    const blind = relay('ls');
    expect(blind.status).toBe(0);
    expect(denied(blind)).toBe('deny');
    expect(blind.stdout).toContain('the Bash deny policy cannot be read');
    // Read cleanly once (by any command), then broken: the last clean patterns apply.
    write(dir, 'version: 1\nhooks:\n  denyBash: ["rm -rf /"]\n');
    expect(denied(relay('rm -rf /'))).toBe('deny');
    write(dir, 'version: 1\nhooks:\n  denyBash: "rm -rf /"\n');
    expect(denied(relay('rm -rf / --no-preserve-root'))).toBe('deny');
    expect(denied(relay('ls'))).toBeUndefined();
  });
});
