import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAgentText } from '../agents/index.js';
import type { AgentDefinition } from '../agents/index.js';
import { ProviderError } from '../errors.js';
import { startFakeEmbeddingsServer } from '../../test/support/fake-embeddings-server.js';
import type { FakeEmbeddingsServer } from '../../test/support/fake-embeddings-server.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { openAiCompatibleEmbeddings } from './embeddings.js';
import { rerank } from './reranker.js';
import { Router } from './router.js';

function agent(name: string, description: string, keywords: string): AgentDefinition {
  const outcome = parseAgentText(
    `---\nname: ${name}\ndescription: ${description}\nkeywords: [${keywords}]\n---\nBody\n`,
    `${name}.md`,
  );
  if (outcome.kind !== 'ok') throw new Error('fixture must parse');
  return outcome.definition;
}

describe('semantic rerank against a loopback embeddings server', () => {
  let server: FakeEmbeddingsServer;
  beforeAll(async () => {
    server = await startFakeEmbeddingsServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const agents = [
    agent(
      'database-tuner',
      'Tunes slow database queries, indexes and query plans.',
      'sql, index, query',
    ),
    agent(
      'api-helper',
      'Helps with API endpoints and slow responses from the service.',
      'api, endpoint, slow',
    ),
  ];

  it('reorders candidates by similarity, and embeds each agent only once', async () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const provider = openAiCompatibleEmbeddings({
        baseUrl: server.baseUrl,
        model: 'fake-embed',
        apiKey: 'sk-test-secret',
      });
      const router = new Router(agents, { threshold: 0 });
      // Semantics the test controls: the task means "database work".
      server.embedWith((text) =>
        text.includes('database') || text.startsWith('the endpoint') ? [1, 0] : [0, 1],
      );
      const task = 'the endpoint is slow';
      const plain = router.route(task);
      expect(plain.agent).toBe('api-helper'); // lexically, the api words win
      const reranked = await rerank(plain, task, agents, { provider, cacheDir: dir, weight: 0.9 });
      expect(reranked.agent).toBe('database-tuner');
      expect(reranked.reasons.at(-1)).toMatch(/semantic rerank over 2 candidates/);
      expect(server.requests[0]?.input).toHaveLength(3); // the task and both agents
      expect(server.requests[0]?.authorization).toBe('Bearer sk-test-secret');
      expect(readdirSync(dir)).toHaveLength(1);
      await rerank(plain, task, agents, { provider, cacheDir: dir, weight: 0.9 });
      expect(server.requests[1]?.input).toHaveLength(1); // only the task: agent vectors were cached
    } finally {
      server.embedWith(undefined);
      cleanup();
    }
  });

  it('reports a failing server as a ProviderError without leaking the key', async () => {
    server.failWith(503);
    try {
      const provider = openAiCompatibleEmbeddings({
        baseUrl: server.baseUrl,
        model: 'fake-embed',
        apiKey: 'sk-test-secret',
      });
      const router = new Router(agents, { threshold: 0 });
      const error = await rerank(router.route('slow api query'), 'slow api query', agents, {
        provider,
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).status).toBe(503);
      expect((error as ProviderError).retryable).toBe(true);
      expect((error as Error).message).not.toContain('sk-test-secret');
    } finally {
      server.failWith(undefined);
    }
  });
});
