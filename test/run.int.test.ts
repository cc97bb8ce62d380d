import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundledModelTable, costOf } from '../src/models/index.js';
import { isolatedEnv, runBuilt, startBuilt } from './support/cli.js';
import { fakeStarter } from './support/fake-anthropic/client-helpers.js';
import { startFakeOpenAi } from './support/fake-openai.js';
import { makeTempDir } from './support/temp-dir.js';

const start = fakeStarter();

const cli = runBuilt;

describe('claude-hybrid run', () => {
  let dir: string;
  let cleanup: () => void;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    let home: string;
    ({ dir: home, cleanup } = makeTempDir());
    env = isolatedEnv(home);
    // A project of its own: init refuses to turn the home directory into one.
    dir = join(home, 'project');
    mkdirSync(dir);
  });
  afterEach(() => {
    cleanup();
  });

  it('runs a routed task offline on sim, labelled simulated, and records the run', async () => {
    expect((await cli(['init'], { cwd: dir, env })).code).toBe(0);
    const result = await cli(
      ['run', 'add a --json flag to the report command', '--provider', 'sim', '--json'],
      {
        cwd: dir,
        env,
      },
    );
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(output).toMatchObject({
      agent: 'engineer',
      provider: 'sim',
      simulated: true,
      costUsd: 0,
      cached: false,
      attempts: 1,
    });
    expect(output.output).toMatch(/^\[simulated\]/);
    const events = await cli(['events', 'list', '--json'], { cwd: dir, env });
    expect(events.stdout).toContain('"run.completed"');
    expect(events.stdout).toContain(String(output.runId));
    // The same task again comes from the cache; stats sees both runs.
    await cli(['run', 'add a --json flag to the report command', '--provider', 'sim'], {
      cwd: dir,
      env,
    });
    const stats = await cli(['stats', '--since', '1h', '--json'], { cwd: dir, env });
    expect(JSON.parse(stats.stdout)).toMatchObject({
      runs: 2,
      completed: 2,
      successRate: 1,
      cacheHitRate: 0.5,
      byAgent: { engineer: { runs: 2, costUsd: 0 } },
    });
    expect((await cli(['stats', '--since', 'yesterday'], { cwd: dir, env })).code).toBe(2);
  });

  it('calls the Anthropic API through ANTHROPIC_BASE_URL and prices the usage exactly', async () => {
    const fake = await start();
    fake.script({
      text: 'Done: the flag is added.',
      usage: { inputTokens: 1_200, outputTokens: 300 },
    });
    const result = await cli(
      ['run', 'add a --json flag', '--agent', 'engineer', '--model', 'sonnet', '--json'],
      {
        cwd: dir,
        env: { ...env, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.baseUrl },
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as {
      usage: Parameters<typeof costOf>[0];
      costUsd: number;
      output: string;
      model: string;
    };
    expect(output.output).toBe('Done: the flag is added.');
    const table = bundledModelTable();
    const sonnet = table.models[table.tiers.sonnet];
    if (sonnet === undefined) throw new Error('the bundled table has a sonnet model');
    expect(output.usage).toMatchObject({ inputTokens: 1_200, outputTokens: 300 });
    const { inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens } = output.usage;
    // By hand, USD per million: $2 input, $10 output, $2.50 cache write (5 min), $0.20 cache read.
    const byHand =
      (inputTokens * 2 + outputTokens * 10 + cacheWriteTokens * 2.5 + cacheReadTokens * 0.2) / 1e6;
    expect(output.costUsd).toBeCloseTo(byHand, 10);
    expect(output.costUsd).toBe(costOf(output.usage, sonnet));
    const sent = fake.requests[0]?.body as {
      model: string;
      system: { text: string }[];
      messages: unknown[];
    };
    expect(sent.model).toBe(table.tiers.sonnet);
    expect(sent.system[0]?.text).toContain('You are');
    expect(sent.messages).toEqual([{ role: 'user', content: 'add a --json flag' }]);
  });

  it('retries a 529 and reports the attempts', async () => {
    const fake = await start();
    fake.injectFault({ kind: 'overloaded' });
    const result = await cli(['run', 'add a flag', '--agent', 'engineer', '--json'], {
      cwd: dir,
      env: { ...env, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.baseUrl },
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ attempts: 2, output: 'echo: add a flag' });
  });

  it('waits out a 429 retry-after and records the wait in run.completed (version 2)', async () => {
    const fake = await start();
    fake.injectFault({ kind: 'rate-limit', retryAfterSeconds: 1 });
    // An initialised project, so the run is recorded.
    expect((await cli(['init'], { cwd: dir, env })).code).toBe(0);
    const result = await cli(['run', 'add a flag', '--agent', 'engineer', '--json'], {
      cwd: dir,
      env: { ...env, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.baseUrl },
    });
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { attempts: number; waitedMs: number };
    expect(output.attempts).toBe(2);
    // The retry slept the second the 429 asked for (a timer never fires early; the clock's
    // granularity allows a hair under).
    expect(output.waitedMs).toBeGreaterThanOrEqual(990);
    expect(output.waitedMs).toBeLessThan(10_000);
    const listed = await cli(['events', 'list', '--type', 'run.completed', '--json'], {
      cwd: dir,
      env,
    });
    const [event] = (
      JSON.parse(listed.stdout) as {
        events: { version: number; payload: { attempts: number; waitedMs: number } }[];
      }
    ).events;
    expect(event).toMatchObject({
      version: 2,
      payload: { attempts: 2, waitedMs: output.waitedMs },
    });
    const stats = await cli(['stats', '--json'], { cwd: dir, env });
    expect(JSON.parse(stats.stdout)).toMatchObject({ retries: 1, waitedMs: output.waitedMs });
  });

  it('names the key variable on a refused key, and never prints the key', async () => {
    const fake = await start({ allowedApiKeys: ['the-right-key'] });
    const result = await cli(['run', 'add a flag', '--agent', 'engineer'], {
      cwd: dir,
      env: { ...env, ANTHROPIC_API_KEY: 'sk-ant-wrong-1234', ANTHROPIC_BASE_URL: fake.baseUrl },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error\[provider\.auth\]/);
    expect(result.stderr).toContain('ANTHROPIC_API_KEY');
    expect(result.stderr + result.stdout).not.toContain('sk-ant-wrong-1234');
    expect(fake.stats.totalRequests).toBe(1);
  });

  it('calls nothing on --dry-run or when --max-cost is below the estimate', async () => {
    const fake = await start();
    const apiEnv = { ...env, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.baseUrl };
    const dry = await cli(['run', 'add a flag', '--dry-run', '--json'], { cwd: dir, env: apiEnv });
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, provider: 'anthropic' });
    const capped = await cli(['run', 'add a flag', '--max-cost', '0.000001'], {
      cwd: dir,
      env: apiEnv,
    });
    expect(capped.code).toBe(2);
    expect(capped.stderr).toMatch(/error\[budget\.exceeded\]/);
    expect(fake.stats.totalRequests).toBe(0);
  });

  it('answers a repeated request from the cache, and --no-cache calls again', async () => {
    const fake = await start();
    const apiEnv = { ...env, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.baseUrl };
    const argv = ['run', 'add a flag', '--agent', 'engineer', '--json'];
    const first = JSON.parse((await cli(argv, { cwd: dir, env: apiEnv })).stdout) as Record<
      string,
      unknown
    >;
    const second = JSON.parse((await cli(argv, { cwd: dir, env: apiEnv })).stdout) as Record<
      string,
      unknown
    >;
    expect(first).toMatchObject({ cached: false, attempts: 1 });
    expect(second).toMatchObject({ cached: true, attempts: 0, costUsd: 0, output: first.output });
    expect(fake.stats.totalRequests).toBe(1);
    // A changed agent prompt is a different request: never answered from the old entry.
    const agents = join(dir, '.claude-hybrid', 'agents');
    mkdirSync(agents, { recursive: true });
    writeFileSync(
      join(agents, 'engineer.md'),
      '---\nname: engineer\ndescription: Implements features.\n---\nYou are a different engineer.\n',
    );
    const changed = JSON.parse((await cli(argv, { cwd: dir, env: apiEnv })).stdout) as Record<
      string,
      unknown
    >;
    expect(changed).toMatchObject({ cached: false });
    expect(fake.stats.totalRequests).toBe(2);
    await cli([...argv, '--no-cache'], { cwd: dir, env: apiEnv });
    expect(fake.stats.totalRequests).toBe(3);
    const stats = JSON.parse(
      (await cli(['cache', 'stats', '--json'], { cwd: dir, env })).stdout,
    ) as Record<string, unknown>;
    expect(stats).toMatchObject({ hits: 1, misses: 2, entries: 2, tampered: 0 });
    expect((await cli(['cache', 'clear'], { cwd: dir, env })).stdout).toMatch(
      /removed 2 cached responses/,
    );
  });

  it('warns once per threshold as the prompt fills the window, and refuses one that overflows', async () => {
    expect((await cli(['init'], { cwd: dir, env })).code).toBe(0);
    const table = bundledModelTable();
    const tiny = {
      version: 1,
      tiers: { haiku: 'tiny-model', sonnet: 'tiny-model', opus: 'tiny-model' },
      models: {
        'tiny-model': {
          ...table.models[table.tiers.haiku],
          contextWindow: 2_000,
          maxOutputTokens: 500,
        },
      },
    };
    writeFileSync(join(dir, 'tiny-models.json'), JSON.stringify(tiny));
    const withTable = { ...env, CLAUDE_HYBRID_MODELS_TABLE: 'tiny-models.json' };
    const agents = join(dir, '.claude-hybrid', 'agents');
    mkdirSync(agents, { recursive: true });
    writeFileSync(
      join(agents, 'short.md'),
      '---\nname: short\ndescription: A short agent.\n---\nBe brief.\n',
    );
    const near = await cli(
      ['run', 'word '.repeat(1_500), '--agent', 'short', '--provider', 'sim', '--no-cache'],
      {
        cwd: dir,
        env: withTable,
      },
    );
    expect(near.code).toBe(0);
    expect(near.stderr).toMatch(/warning: the prompt fills 70% of tiny-model's context window/);
    const events = await cli(['events', 'list', '--type', 'context.threshold', '--json'], {
      cwd: dir,
      env,
    });
    expect(JSON.parse(events.stdout)).toMatchObject({
      events: [{ payload: { model: 'tiny-model', window: 2_000, threshold: 0.7 } }],
    });
    const over = await cli(
      ['run', 'word '.repeat(3_000), '--agent', 'short', '--provider', 'sim'],
      {
        cwd: dir,
        env: withTable,
      },
    );
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/error\[engine\.context_overflow\]/);
  });

  it('runs on an OpenAI-compatible server with --provider openai and the server model name', async () => {
    const server = await startFakeOpenAi();
    try {
      const openAiEnv = { ...env, CLAUDE_HYBRID_ENGINE_OPENAI_BASE_URL: server.baseUrl };
      const missing = await cli(['run', 'say hi', '--agent', 'engineer', '--provider', 'openai'], {
        cwd: dir,
        env: openAiEnv,
      });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/error\[engine\.model_required\]/);
      const result = await cli(
        [
          'run',
          'say hi',
          '--agent',
          'engineer',
          '--provider',
          'openai',
          '--model',
          'llama3.2',
          '--json',
        ],
        { cwd: dir, env: openAiEnv },
      );
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        provider: 'openai',
        model: 'llama3.2',
        output: 'echo: say hi',
        costUsd: 0,
      });
      expect(server.requests[0]?.body).toMatchObject({ model: 'llama3.2' });
    } finally {
      await server.close();
    }
  });

  const bin = fileURLToPath(new URL('../node_modules/.bin', import.meta.url));
  it.skipIf(!existsSync(join(bin, 'claude')))(
    'runs the agent through Claude Code, picked by default when claude is on PATH',
    async () => {
      const fake = await start();
      fake.script({ text: 'Flag added and tested.' });
      const result = await cli(['run', 'add a --json flag', '--agent', 'engineer', '--json'], {
        cwd: dir,
        env: {
          ...env,
          PATH: `${bin}:${env.PATH ?? ''}`,
          ANTHROPIC_BASE_URL: fake.baseUrl,
          // Claude Code reads its own key; ours is not set, so claude-code is the choice.
          ANTHROPIC_AUTH_TOKEN: 'test-key',
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        },
      });
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toMatchObject({
        provider: 'claude-code',
        output: 'Flag added and tested.',
        cached: false,
      });
    },
    60_000,
  );

  it('stops cleanly on Ctrl-C mid-call, with a one-line error and nothing recorded as done', async () => {
    expect((await cli(['init'], { cwd: dir, env })).code).toBe(0);
    const fake = await start({ latencyMs: 30_000 });
    const running = startBuilt(['run', 'add a flag', '--agent', 'engineer'], {
      cwd: dir,
      env: { ...env, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.baseUrl },
    });
    for (let waited = 0; fake.stats.totalRequests === 0 && waited < 20_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    running.child.kill('SIGINT');
    const { code, stderr } = await running.exited;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(code).toBe(2);
    expect(stderr).toMatch(/error\[run\.interrupted\]: interrupted/);
    const events = await cli(['events', 'list', '--json'], { cwd: dir, env });
    expect(events.stdout).not.toContain('"run.completed"');
    expect(events.stdout).toContain('"run.failed"');
  }, 60_000);
});
