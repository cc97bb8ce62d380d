// `store check` and `store migrate` through the built binary, on the project SQLite database and
// on a real Postgres; and a workflow run whose checkpoints and events go to Postgres because
// CLAUDE_HYBRID_STORE_URL says so.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isolatedEnv, runBuilt } from './support/cli.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import { freePort } from './support/free-port.js';
import { postgresUnavailableReason, startPostgres, queryRows } from './support/postgres-server.js';
import type { PostgresServer } from './support/postgres-server.js';
import { makeTempDir } from './support/temp-dir.js';

const unavailable = postgresUnavailableReason();
if (unavailable !== undefined) console.warn(`skipping the Postgres CLI tests: ${unavailable}`);

const start = fakeStarter();

interface CheckJson {
  readonly store: string;
  readonly kind: string;
  readonly version: number;
  readonly state: string;
  readonly pending: readonly { version: number; name: string }[];
  readonly ok: boolean;
  readonly integrity?: string;
}

let home: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir: home, cleanup } = makeTempDir());
});
afterEach(() => {
  cleanup();
});

async function project(
  extra: NodeJS.ProcessEnv = {},
): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const dir = join(home, 'project');
  mkdirSync(dir);
  const env = isolatedEnv(home, extra);
  const init = await runBuilt(['init'], { cwd: dir, env });
  expect(init.code, init.stderr).toBe(0);
  return { dir, env };
}

describe('claude-hybrid store on the project SQLite database', () => {
  it('checks and migrates, and reports a newer database as a failure without touching it', async () => {
    const { dir, env } = await project();
    const check = await runBuilt(['store', 'check', '--json'], { cwd: dir, env });
    expect(check.code, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({
      kind: 'sqlite',
      state: 'current',
      integrity: 'ok',
      ok: true,
    });
    const migrate = await runBuilt(['store', 'migrate'], { cwd: dir, env });
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain('is up to date at version 5');

    const path = join(dir, '.claude-hybrid', 'state.db');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    const before = readFileSync(path);
    const future = await runBuilt(['store', 'check'], { cwd: dir, env });
    expect(future.code).toBe(1);
    expect(future.stdout).toContain('written by a newer claude-hybrid');
    const refused = await runBuilt(['store', 'migrate'], { cwd: dir, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('store.future_version');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('needs an initialised project when no URL is given', async () => {
    const dir = join(home, 'bare');
    mkdirSync(dir);
    const result = await runBuilt(['store', 'check'], { cwd: dir, env: isolatedEnv(home) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('store.not_initialized');
  });
});

describe('claude-hybrid store with a bad or unreachable URL', () => {
  it('exits 2 for a URL that is not postgres:// and 1 for a server that is not there, never printing the password', async () => {
    const dir = join(home, 'anywhere');
    mkdirSync(dir);
    const env = isolatedEnv(home);
    const invalid = await runBuilt(['store', 'check', '--url', 'mysql://u:hunter2@h/db'], {
      cwd: dir,
      env,
    });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('store.invalid_url');
    const port = await freePort();
    const started = Date.now();
    const down = await runBuilt(['store', 'migrate'], {
      cwd: dir,
      env: { ...env, CLAUDE_HYBRID_STORE_URL: `postgres://u:hunter2@127.0.0.1:${port}/db` },
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('store.unreachable');
    expect(down.stderr).toContain(`postgres://127.0.0.1:${port}/db`);
    for (const output of [invalid.stdout, invalid.stderr, down.stdout, down.stderr])
      expect(output).not.toContain('hunter2');
  });

  it('refuses a malformed CLAUDE_HYBRID_STORE_URL before a workflow command does anything', async () => {
    const { dir, env } = await project({ CLAUDE_HYBRID_STORE_URL: 'redis://u:hunter2@h:6379/0' });
    const runs = await runBuilt(['workflow', 'runs'], { cwd: dir, env });
    expect(runs.code).toBe(2);
    expect(runs.stderr).toContain('store.invalid_url');
    expect(runs.stderr).not.toContain('hunter2');
  });
});

describe.skipIf(unavailable !== undefined)('claude-hybrid store on a real Postgres', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server.stop();
  });

  it('check lists pending migrations, migrate applies them once, check is then clean', async () => {
    const url = await server.createDatabase('cli_migrate');
    const dir = join(home, 'anywhere');
    mkdirSync(dir);
    const env = isolatedEnv(home);
    const fresh = await runBuilt(['store', 'check', '--url', url, '--json'], { cwd: dir, env });
    expect(fresh.code, fresh.stderr).toBe(0);
    const report = JSON.parse(fresh.stdout) as CheckJson;
    expect(report).toMatchObject({ kind: 'postgres', version: 0, state: 'pending', ok: true });
    expect(report.pending.map((migration) => migration.version)).toEqual([1, 2, 3, 4, 5]);

    const migrated = await runBuilt(['store', 'migrate', '--url', url], { cwd: dir, env });
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain('migrated from version 0 to 5');
    const again = await runBuilt(['store', 'migrate', '--json'], {
      cwd: dir,
      env: { ...env, CLAUDE_HYBRID_STORE_URL: url },
    });
    expect(JSON.parse(again.stdout)).toMatchObject({ from: 5, version: 5, applied: [] });
    const clean = await runBuilt(['store', 'check'], {
      cwd: dir,
      env: { ...env, CLAUDE_HYBRID_STORE_URL: url },
    });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('up to date');
    for (const output of [fresh, migrated, again, clean].flatMap((r) => [r.stdout, r.stderr]))
      expect(output).not.toContain(server.password);
  });

  it('runs a workflow with its checkpoints and events in Postgres', async () => {
    const url = await server.createDatabase('cli_workflow');
    const fake = await start();
    const { dir, env } = await project({
      ANTHROPIC_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: fake.baseUrl,
      CLAUDE_HYBRID_STORE_URL: url,
    });
    writeFileSync(
      join(dir, 'two.yaml'),
      [
        'version: 1',
        'name: two',
        'steps:',
        '  - {id: first, agent: research, task: "STEP-first: look"}',
        '  - {id: second, agent: engineer, needs: first, task: "STEP-second: {{steps.first.output}}"}',
        '',
      ].join('\n'),
    );
    const run = await runBuilt(
      ['workflow', 'run', 'two.yaml', '--provider', 'anthropic', '--no-cache', '--json'],
      { cwd: dir, env },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain(server.password);
    const runs = await queryRows<{ id: string; status: string; spent_usd: number }>(
      url,
      'SELECT id, status, spent_usd FROM workflow_runs',
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]?.status).toBe('succeeded');
    const steps = await queryRows<{ step_id: string; status: string }>(
      url,
      'SELECT step_id, status FROM workflow_steps ORDER BY position',
    );
    expect(steps).toEqual([
      { step_id: 'first', status: 'succeeded' },
      { step_id: 'second', status: 'succeeded' },
    ]);
    const events = await queryRows<{ type: string; run: string | null }>(
      url,
      'SELECT type, run FROM events ORDER BY id',
    );
    expect(events.map((event) => event.type)).toContain('workflow.completed');
    // The project SQLite database holds no run: the checkpoints went to Postgres only.
    const local = new Database(join(dir, '.claude-hybrid', 'state.db'), { readonly: true });
    try {
      expect(local.prepare('SELECT count(*) AS n FROM workflow_runs').get()).toEqual({ n: 0 });
    } finally {
      local.close();
    }
    const status = await runBuilt(['workflow', 'status', runs[0]?.id ?? '', '--json'], {
      cwd: dir,
      env,
    });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'succeeded' });
  }, 60_000);
});
