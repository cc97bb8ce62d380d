// The response cache shared through Postgres, end to end through the built binary: two
// machines (two homes, so two local caches) with one CLAUDE_HYBRID_STORE_URL; what one paid
// for, the other answers without a request to the (fake) Messages API.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isolatedEnv, runBuilt } from './support/cli.js';
import type { CliResult } from './support/cli.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import type { FakeAnthropic } from './support/fake-anthropic.js';
import { postgresUnavailableReason, startPostgres, queryRows } from './support/postgres-server.js';
import type { PostgresServer } from './support/postgres-server.js';
import type * as Library from '../src/index.js';
import { makeTempDir } from './support/temp-dir.js';

const unavailable = postgresUnavailableReason();
if (unavailable !== undefined) console.warn(`skipping the shared cache tests: ${unavailable}`);

const start = fakeStarter();
// The built package, as users import it.
const library = (await import(
  new URL('../dist/index.mjs', import.meta.url).href
)) as typeof Library; // built from src/index.ts

interface Machine {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  run(task: string, ...flags: string[]): Promise<{ cached: boolean; output: string }>;
  cli(args: readonly string[]): Promise<CliResult>;
}

describe.skipIf(unavailable !== undefined)('the response cache shared through Postgres', () => {
  let server: PostgresServer;
  let databases = 0;
  let storeUrl: string;
  let fake: FakeAnthropic;
  let cleanups: (() => void)[];

  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(async () => {
    databases += 1;
    storeUrl = await server.createDatabase(`shared_cache_${databases}`);
    fake = await start();
    cleanups = [];
  });
  afterEach(() => {
    for (const cleanup of cleanups) cleanup();
  });

  /** A machine of its own: its home (so its local cache), the shared store, the fake API. */
  function machine(extra: NodeJS.ProcessEnv = {}): Machine {
    const { dir: home, cleanup } = makeTempDir();
    cleanups.push(cleanup);
    const dir = join(home, 'project');
    mkdirSync(dir);
    const env = isolatedEnv(home, {
      CLAUDE_HYBRID_STORE_URL: storeUrl,
      ANTHROPIC_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: fake.baseUrl,
      ...extra,
    });
    const cli = (args: readonly string[]): Promise<CliResult> => runBuilt(args, { cwd: dir, env });
    return {
      dir,
      env,
      cli,
      async run(task, ...flags) {
        const result = await cli(['run', task, '--agent', 'engineer', '--json', ...flags]);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stderr).toBe('');
        return JSON.parse(result.stdout) as { cached: boolean; output: string };
      },
    };
  }

  const rows = (): Promise<{ key: string; value: string; created_at: number }[]> =>
    queryRows(storeUrl, 'SELECT key, value, created_at::float8 AS created_at FROM response_cache');

  it("answers one machine's request on another without calling the API", async () => {
    const first = machine();
    const second = machine();
    expect(await first.run('add a --json flag')).toMatchObject({
      cached: false,
      output: 'echo: add a --json flag',
    });
    expect(fake.requests).toHaveLength(1);
    const stored = await rows();
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0]?.value ?? '')).toMatchObject({
      version: 1,
      response: { text: 'echo: add a --json flag' },
    });

    expect(await second.run('add a --json flag')).toMatchObject({
      cached: true,
      output: 'echo: add a --json flag',
    });
    expect(fake.requests).toHaveLength(1);

    const stats = await second.cli(['cache', 'stats', '--json']);
    expect(stats.code, stats.stderr).toBe(0);
    const parsed = JSON.parse(stats.stdout) as { entries: number; shared: unknown };
    // The hit was kept on the second machine too.
    expect(parsed.entries).toBe(1);
    expect(parsed.shared).toEqual({
      store: expect.stringContaining('127.0.0.1') as string,
      entries: 1,
    });
    expect(stats.stdout).not.toContain(server.password);
    // The library, for the same report as data (it needs an initialised project).
    expect((await second.cli(['init'])).code).toBe(0);
    const hybrid = await library.createHybrid({ cwd: second.dir, env: second.env });
    try {
      expect((await hybrid.cache.stats()).shared).toEqual(parsed.shared);
    } finally {
      await hybrid.close();
    }
    const text = await second.cli(['cache', 'stats']);
    expect(text.stdout).toMatch(
      /^shared {5}1 entries in postgres:\/\/127\.0\.0\.1:\d+\/shared_cache_\d+$/m,
    );
  });

  it('does not answer from an entry older than the TTL, and replaces it', async () => {
    const first = machine();
    await first.run('add a flag');
    // A day and a second ago: past the default TTL (cache.ttlSeconds 86400).
    await queryRows(storeUrl, `UPDATE response_cache SET created_at = ${Date.now() - 86_401_000}`);
    expect((await machine().run('add a flag')).cached).toBe(false);
    expect(fake.requests).toHaveLength(2);
    const [row] = await rows();
    expect(row?.created_at).toBeGreaterThan(Date.now() - 60_000);
  });

  it('--no-cache and cache.enabled false neither read nor write the shared table', async () => {
    const first = machine();
    await first.run('add a flag', '--no-cache');
    expect(await rows()).toHaveLength(0);
    await first.run('add a flag');
    const before = await rows();
    expect((await machine().run('add a flag', '--no-cache')).cached).toBe(false);
    expect(fake.requests).toHaveLength(3);
    expect(await rows()).toEqual(before);
    // cache.enabled false turns off both tiers, as --no-cache does once.
    const off = machine({ CLAUDE_HYBRID_CACHE_ENABLED: 'false' });
    expect((await off.run('add a flag')).cached).toBe(false);
    expect((await off.run('add yet another flag')).cached).toBe(false);
    expect(fake.requests).toHaveLength(5);
    expect(await rows()).toEqual(before);
  });

  it('treats a corrupt row as a miss and overwrites it with the answer', async () => {
    await machine().run('add a flag');
    await queryRows(storeUrl, `UPDATE response_cache SET value = '{"version":1,"response":{"id":'`);
    expect((await machine().run('add a flag')).cached).toBe(false);
    expect(fake.requests).toHaveLength(2);
    const [row] = await rows();
    expect(JSON.parse(row?.value ?? '')).toMatchObject({ version: 1 });
    expect((await machine().run('add a flag')).cached).toBe(true);
    expect(fake.requests).toHaveLength(2);
  });

  it('cache clear empties the shared table as well as the local cache, and says so', async () => {
    const first = machine();
    await first.run('add a flag');
    await first.run('add another flag');
    const cleared = await machine().cli(['cache', 'clear']);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stdout).toMatch(
      /^removed 0 cached responses here and 2 cached responses from the shared store postgres:\/\/127\.0\.0\.1:\d+\/shared_cache_\d+$/m,
    );
    expect(await rows()).toHaveLength(0);
    const again = await first.cli(['cache', 'clear', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ removed: 2, shared: { entries: 0 } });
  });
});
