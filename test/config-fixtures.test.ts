import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigInvalidError, loadConfig } from '../src/config/index.js';
import { makeTempDir } from './support/temp-dir.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/config/${name}`, import.meta.url));

describe('config file fixtures (format version 1)', () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir: root, cleanup } = makeTempDir());
    mkdirSync(join(root, '.claude-hybrid'));
  });
  afterEach(() => {
    cleanup();
  });
  const load = (name: string) => {
    copyFileSync(fixture(name), join(root, '.claude-hybrid', 'config.yaml'));
    return loadConfig({ cwd: root, env: { HOME: root, CLAUDE_HYBRID_HOME: join(root, 'home') } });
  };

  it('reads every key of a version 1 file', async () => {
    const { config } = await load('v1-full.yaml');
    expect(config).toEqual({
      version: 1,
      agents: {
        bundled: false,
        paths: ['team-agents', 'more/agents'],
        cache: false,
        deployTarget: '.claude/agents',
      },
      store: { busyTimeoutMs: 2500, url: 'postgres://hybrid@db.internal:5432/hybrid' },
      queue: { url: 'redis://queue.internal:6379', requestsPerSecond: 20, concurrency: 4 },
      events: { batchSize: 64, flushIntervalMs: 10 },
      ui: { color: 'never' },
      telemetry: { otlpEndpoint: 'http://127.0.0.1:4318' },
      routing: {
        defaultAgent: 'research',
        threshold: 0.45,
        generalist: 'builder',
        rerank: false,
        embeddingsUrl: 'http://127.0.0.1:11434/v1',
        embeddingsModel: 'nomic-embed-text',
        rerankWeight: 0.5,
        // Added after version 1 files were written: its default.
        llm: 'off',
      },
      models: { table: 'bundled', agents: { engineer: 'opus', documentation: 'haiku' } },
      cache: { enabled: false, ttlSeconds: 600, maxMegabytes: 32 },
      memory: { enabled: false, recallTokens: 400, maxKilobytes: 64 },
      daemon: { port: 48_000 },
      hooks: { denyBash: ['rm -rf /', 'git push --force'], onBadPolicy: 'deny' },
      engine: {
        provider: 'sim',
        openaiBaseUrl: 'http://127.0.0.1:8000/v1',
        maxConcurrency: 4,
        maxAttempts: 3,
        attemptTimeoutMs: 30_000,
        deadlineMs: 90_000,
        maxOutputTokens: 2_048,
        remoteTokenCount: true,
      },
      // Added after version 1 files were written: its defaults.
      provider: {
        bedrock: { region: '', profile: '', baseUrl: '', models: {} },
        vertex: { region: '', projectId: '', baseUrl: '', models: {} },
      },
    });
  });

  it('refuses a future format version with the line and what it expects', async () => {
    const error = await load('v2-future.yaml').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect((error as ConfigInvalidError).issues[0]).toMatchObject({
      key: 'version',
      line: 2,
      expected: 'a number <= 1',
      found: '2',
    });
  });

  it('rejects prototype keys without polluting any object', async () => {
    const error = await load('prototype-injection.yaml').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).bundled).toBeUndefined();
  });
});
