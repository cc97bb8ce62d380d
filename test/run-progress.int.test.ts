import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuilt, tempProject } from './support/cli.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';

const start = fakeStarter();
const cli = runBuilt;

/** The line a 429 with `retry-after: 1` prints before the second of five attempts. */
const RETRY_LINE = /^rate limited, retrying in 1\.\d s \(attempt 2\/5\)$/m;

describe('claude-hybrid run: progress on stderr', () => {
  let dir: string;
  let cleanup: () => void;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    ({ dir, env, cleanup } = tempProject());
  });
  afterEach(() => {
    cleanup();
  });

  const rateLimitedRun = async (
    flags: readonly string[],
  ): Promise<{ code: number; stdout: string; stderr: string }> => {
    const fake = await start();
    fake.injectFault({ kind: 'rate-limit', retryAfterSeconds: 1 });
    return cli(['run', 'add a flag', '--agent', 'engineer', ...flags], {
      cwd: dir,
      env: { ...env, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.baseUrl },
    });
  };

  it('prints one line for a retry-after wait, and records it as run.retrying', async () => {
    expect((await cli(['init'], { cwd: dir, env })).code).toBe(0);
    const result = await rateLimitedRun([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('echo: add a flag\n');
    expect(result.stderr).toMatch(RETRY_LINE);
    expect(result.stderr.match(/retrying/g)).toHaveLength(1);
    expect(result.stderr).toMatch(/ · 2 attempts/);
    const listed = await cli(['events', 'list', '--type', 'run.retrying', '--json'], {
      cwd: dir,
      env,
    });
    const { events } = JSON.parse(listed.stdout) as {
      events: { version: number; payload: Record<string, unknown> }[];
    };
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      version: 1,
      payload: {
        agent: 'engineer',
        attempt: 1,
        maxAttempts: 5,
        reason: 'rate limited',
        error: 'provider.rate_limited',
      },
    });
    expect(events[0]?.payload.delayMs).toBeGreaterThanOrEqual(1000);
  });

  it('--quiet drops the retry and status lines; the answer still prints', async () => {
    const result = await rateLimitedRun(['--quiet']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('echo: add a flag\n');
    expect(result.stderr).toBe('');
  });

  it('--verbose adds the failed attempt and the exact wait', async () => {
    const result = await rateLimitedRun(['--verbose']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^rate limited, retrying in 1\.\d s \(attempt 2\/5\): attempt 1 failed with provider\.rate_limited, waiting \d+ ms$/m,
    );
  });

  it('--json keeps stdout one JSON document and stderr free of progress', async () => {
    const result = await rateLimitedRun(['--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ attempts: 2, output: 'echo: add a flag' });
    expect(result.stderr).toBe('');
  });

  it('names a cache hit in the status line', async () => {
    const fake = await start();
    const run = (): Promise<{ code: number; stdout: string; stderr: string }> =>
      cli(['run', 'add a flag', '--agent', 'engineer'], {
        cwd: dir,
        env: { ...env, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.baseUrl },
      });
    const first = await run();
    expect(first.stderr).toMatch(/ · 1 attempt(?: ·|$)/m);
    expect(first.stderr).not.toContain('cache hit');
    const second = await run();
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toMatch(/ · cache hit \(no call\)/);
    expect(fake.requests).toHaveLength(1);
  });

  it('refuses --quiet with --verbose in one line, exit 2', async () => {
    const result = await cli(['run', 'x', '--quiet', '--verbose', '--provider', 'sim'], {
      cwd: dir,
      env,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--quiet and --verbose cannot be used together/);
  });

  it("workflow run prints a step's retry as a plain line when piped; --quiet drops it", async () => {
    const fake = await start();
    const project = { ...env, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.baseUrl };
    expect((await cli(['init'], { cwd: dir, env: project })).code).toBe(0);
    writeFileSync(
      join(dir, 'one.yaml'),
      'version: 1\nname: one\nsteps:\n  - id: only\n    agent: engineer\n    task: "do it"\n',
    );
    const workflow = (flags: readonly string[]): ReturnType<typeof cli> =>
      cli(['workflow', 'run', 'one.yaml', '--provider', 'anthropic', '--no-cache', ...flags], {
        cwd: dir,
        env: project,
      });
    fake.injectFault({ kind: 'rate-limit', retryAfterSeconds: 1 });
    const shown = await workflow([]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stderr).toMatch(/^only: started\n/m);
    expect(shown.stderr).toMatch(/^only: rate limited, retrying in 1\.\d s \(attempt 2\/5\)$/m);
    // Piped stderr: no cursor movement or line erasing.
    expect(shown.stderr).not.toContain('\x1b[');
    const listed = await cli(['events', 'list', '--type', 'run.retrying', '--json'], {
      cwd: dir,
      env: project,
    });
    const { events } = JSON.parse(listed.stdout) as {
      events: { run: string; payload: Record<string, unknown> }[];
    };
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ stepId: 'only', reason: 'rate limited' });
    expect(events[0]?.run).toBe(events[0]?.payload.runId);

    fake.injectFault({ kind: 'rate-limit', retryAfterSeconds: 1 });
    const quiet = await workflow(['--quiet']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toContain('echo: do it');
  });
});
