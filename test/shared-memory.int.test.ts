// Agent memory shared between machines through the Postgres store (CLAUDE_HYBRID_STORE_URL):
// two projects in two homes stand for two machines; what one learns, the other recalls.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Client, ClientConfig } from 'pg';
import type * as Library from '../src/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runBuilt, tempProject } from './support/cli.js';
import type { CliResult } from './support/cli.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import { freePort } from './support/free-port.js';
import { postgresUnavailableReason, startPostgres } from './support/postgres-server.js';
import type { PostgresServer } from './support/postgres-server.js';

const unavailable = postgresUnavailableReason();
if (unavailable !== undefined) console.warn(`skipping the shared memory tests: ${unavailable}`);

const start = fakeStarter();

// The built package, as users import it.
const library = (await import(
  new URL('../dist/index.mjs', import.meta.url).href
)) as typeof Library; // dist/index.mjs is built from src/index.ts

interface Machine {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  cli(argv: readonly string[], extra?: NodeJS.ProcessEnv): Promise<CliResult>;
  json(argv: readonly string[], extra?: NodeJS.ProcessEnv): Promise<unknown>;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function machine(storeUrl: string): Promise<Machine> {
  const { dir, env, cleanup } = tempProject({
    ANTHROPIC_API_KEY: 'test-key',
    CLAUDE_HYBRID_STORE_URL: storeUrl,
  });
  cleanups.push(cleanup);
  const cli = (argv: readonly string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
    runBuilt(argv, { cwd: dir, env: { ...env, ...extra } });
  const init = await cli(['init']);
  expect(init.code, init.stderr).toBe(0);
  return {
    dir,
    env,
    cli,
    async json(argv, extra) {
      const result = await cli([...argv, '--json'], extra);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain('warning');
      return JSON.parse(result.stdout) as unknown;
    },
  };
}

async function rows(url: string): Promise<{ agent: string; section: string; content: string }[]> {
  // A cast: require returns unknown; this is the shape @types/pg declares.
  const pg = createRequire(import.meta.url)('pg') as { Client: new (c: ClientConfig) => Client };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ agent: string; section: string; content: string }>(
      'SELECT agent, section, content FROM memory_entries ORDER BY id',
    );
    return result.rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(unavailable !== undefined)('agent memory shared through Postgres', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server.stop();
  });

  it('what one machine is told or learns, a run on another recalls', async () => {
    const url = await server.createDatabase('shared_memory');
    const a = await machine(url);
    const b = await machine(url);

    await a.json(['memory', 'add', 'engineer', 'Never commit generated files under dist/']);
    await a.json(['memory', 'add', 'engineer', 'Never commit generated files under dist/']);
    const run = (await b.json([
      'run',
      'commit the generated files',
      '--agent',
      'engineer',
      '--provider',
      'sim',
    ])) as { recalledMemories: number };
    expect(run.recalledMemories).toBe(1);
    expect(readFileSync(join(b.dir, '.claude-hybrid', 'memories', 'engineer.md'), 'utf8')).toMatch(
      /## Notes\n- \d{4}-\d{2}-\d{2}: Never commit generated files under dist\//,
    );

    // A learning captured from a real answer on A.
    const fake = await start();
    fake.script({
      text: 'Added the flag.\n\n# Remember:\nType: gotcha\nContent: The report command parses flags in cli/report.ts',
    });
    const learned = (await a.json(
      ['run', 'add a --json flag to the report command', '--agent', 'engineer'],
      { ANTHROPIC_BASE_URL: fake.baseUrl },
    )) as { remembered: number };
    expect(learned.remembered).toBe(1);

    const { results: hits } = (await b.json(['memory', 'search', 'report command flags'])) as {
      results: { agent: string; section: string; content: string }[];
    };
    expect(hits[0]).toMatchObject({
      agent: 'engineer',
      section: 'Gotchas',
      content: 'The report command parses flags in cli/report.ts',
    });

    // Pushed twice, one row each; pulled twice, applied once; B's pulls push nothing back.
    expect(await rows(url)).toEqual([
      { agent: 'engineer', section: 'Notes', content: 'Never commit generated files under dist/' },
      {
        agent: 'engineer',
        section: 'Gotchas',
        content: 'The report command parses flags in cli/report.ts',
      },
    ]);
    const file = join(b.dir, '.claude-hybrid', 'memories', 'engineer.md');
    const before = readFileSync(file, 'utf8');
    const listed = (await b.json(['memory', 'list', 'engineer'])) as {
      memories: { entries: unknown[] }[];
    };
    expect(listed.memories[0]?.entries).toHaveLength(2);
    await b.json(['memory', 'list', 'engineer']);
    expect(readFileSync(file, 'utf8')).toBe(before);
    // A's own rows come back to it as nothing new.
    const own = (await a.json(['memory', 'list', 'engineer'])) as {
      memories: { entries: unknown[] }[];
    };
    expect(own.memories[0]?.entries).toHaveLength(2);
  });

  it('shares memory between two hybrids of the library', async () => {
    const url = await server.createDatabase('shared_memory_library');
    const [a, b] = [await machine(url), await machine(url)];
    const telling = await library.createHybrid({ cwd: a.dir, env: a.env });
    try {
      await telling.memory.add('qa', 'The upload spec is flaky on CI; rerun it once', {
        section: 'Gotchas',
      });
    } finally {
      // Closing waits for the push.
      await telling.close();
    }
    const asking = await library.createHybrid({ cwd: b.dir, env: b.env });
    try {
      const result = await asking.run('fix the flaky upload spec', {
        agent: 'qa',
        provider: 'sim',
      });
      expect(result.recalledMemories).toBe(1);
      expect(await asking.memory.list({ agent: 'qa' })).toEqual([
        expect.objectContaining({
          section: 'Gotchas',
          content: 'The upload spec is flaky on CI; rerun it once',
        }),
      ]);
    } finally {
      await asking.close();
    }
  });

  it('with Postgres down, memory commands and runs still work, with one warning each', async () => {
    const down = `postgres://hybrid:hunter2@127.0.0.1:${await freePort()}/hybrid`;
    const a = await machine(down);
    const added = await a.cli(['memory', 'add', 'engineer', 'Use pnpm, not npm']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('added to engineer');
    expect(added.stderr.match(/memory was not written to the shared store/g)).toHaveLength(1);

    const run = await a.cli([
      'run',
      'install the dependencies with pnpm',
      '--agent',
      'engineer',
      '--provider',
      'sim',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ recalledMemories: 1 });
    expect(
      run.stderr.match(/memory was not (read from|written to) the shared store/g),
    ).toHaveLength(1);
    expect(`${added.stderr}${run.stderr}`).not.toContain('hunter2');
  });
});
