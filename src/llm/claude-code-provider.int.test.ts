import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeStarter } from '../../test/support/fake-anthropic/client-helpers.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { claudeCodeProvider } from './claude-code-provider.js';
import type { ModelRequest } from './types.js';

/** The devDependency's binary: Claude Code itself, pointed at the loopback fake. */
const CLAUDE = fileURLToPath(new URL('../../node_modules/.bin/claude', import.meta.url));
const start = fakeStarter();

const request = (task: string): ModelRequest => ({
  model: 'claude-sonnet-4-5',
  system: [{ text: 'You are the release manager. Answer in one line.' }],
  messages: [{ role: 'user', content: task }],
  maxTokens: 1_000,
});

/** Processes whose command line contains `marker`. */
function processesWith(marker: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describe.skipIf(!existsSync(CLAUDE))('claudeCodeProvider with the real Claude Code', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    mkdirSync(join(dir, 'home'));
  });
  afterEach(() => {
    cleanup();
  });
  const envFor = (baseUrl: string): Record<string, string | undefined> => ({
    PATH: process.env.PATH,
    HOME: join(dir, 'home'),
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: baseUrl,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  });

  it('runs the agent prompt and task, and reports the result, usage and cost', async () => {
    const fake = await start();
    fake.script({ text: 'Release 2.4.0 is tagged.' });
    const provider = claudeCodeProvider({ command: CLAUDE, env: envFor(fake.baseUrl), cwd: dir });
    const streamed: string[] = [];
    const result = await provider.complete(request('tag the 2.4.0 release'), {
      onText: (text) => streamed.push(text),
    });
    expect(result.value.text).toBe('Release 2.4.0 is tagged.');
    expect(streamed.join('')).toContain('Release 2.4.0 is tagged.');
    expect(result.value.usage.outputTokens).toBeGreaterThan(0);
    expect(typeof result.value.costUsd).toBe('number');
    const sent = JSON.stringify(
      fake.requests.find((recorded) => recorded.path === '/v1/messages')?.body,
    );
    expect(sent).toContain('You are the release manager.');
    expect(sent).toContain('tag the 2.4.0 release');
  }, 60_000);

  it('kills the whole process group on cancellation, leaving nothing behind', async () => {
    const fake = await start({ latencyMs: 30_000 });
    const marker = `cancel-marker-${process.pid}-${Date.now()}`;
    const provider = claudeCodeProvider({ command: CLAUDE, env: envFor(fake.baseUrl), cwd: dir });
    const controller = new AbortController();
    const call = provider.complete(request(marker), { signal: controller.signal });
    // Wait until Claude Code has called the (slow) API: it is then mid-task.
    for (let waited = 0; fake.stats.totalRequests === 0 && waited < 20_000; waited += 100)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(processesWith(marker).length).toBeGreaterThan(0);
    const started = Date.now();
    controller.abort(new Error('cancelled by the test'));
    await expect(call).rejects.toThrow('cancelled by the test');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(processesWith(marker)).toEqual([]);
  }, 60_000);

  it('stops Claude Code at its first retry of a refused key and reports provider.auth', async () => {
    const fake = await start({ allowedApiKeys: ['another-key'] });
    const provider = claudeCodeProvider({ command: CLAUDE, env: envFor(fake.baseUrl), cwd: dir });
    const started = Date.now();
    const error: unknown = await provider.complete(request('x')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'provider.auth', exitCode: 2, retryable: false });
    expect((error as Error).message).toContain('401'); // checked to be an Error just above
    // Left alone, Claude Code retries a 401 ten times over about two minutes.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(fake.requests.filter((recorded) => recorded.path === '/v1/messages').length).toBe(1);
  }, 60_000);

  it('says how to install Claude Code when the command is missing', async () => {
    const provider = claudeCodeProvider({ command: join(dir, 'no-such-claude') });
    await expect(provider.complete(request('x'))).rejects.toMatchObject({
      code: 'provider.claude_code_missing',
      exitCode: 2,
    });
  });
});
