import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { ResponseCache } from '../cache/index.js';
import { ProviderError } from '../errors.js';
import { simProvider } from '../llm/index.js';
import type { ModelRequest, Provider } from '../llm/index.js';
import { bundledModelTable } from '../models/index.js';
import type { ModelInfo } from '../models/index.js';
import { ResilientClient } from '../resilience/index.js';
import { instruments } from '../telemetry/instruments.js';
import { runTask } from './run-task.js';

// What a model call records in the process's metrics: duration, attempts, retries and the time
// waited by model, failures, and response cache hits and misses.
const MODEL = 'metrics-test-model';
const labels = { model: MODEL };

function request(task: string): ModelRequest {
  return {
    model: MODEL,
    system: [{ text: 'You are a test.' }],
    messages: [{ role: 'user', content: task }],
    maxTokens: 64,
  };
}

/** The sim provider, after `failures` overloaded (529, retryable) attempts. */
function flaky(failures: number): Provider {
  const sim = simProvider();
  let left = failures;
  return {
    ...sim,
    complete: (modelRequest, options) => {
      if (left > 0) {
        left -= 1;
        return Promise.reject(
          new ProviderError('provider.overloaded', 'overloaded', { status: 529, retryable: true }),
        );
      }
      return sim.complete(modelRequest, options);
    },
  };
}

const model = Object.values(bundledModelTable().models)[0] as ModelInfo; // the table is not empty
let temp: ReturnType<typeof makeTempDir>;
let cache: ResponseCache;
beforeEach(() => {
  temp = makeTempDir();
  cache = ResponseCache.open({
    path: join(temp.dir, 'cache.db'),
    secretPath: join(temp.dir, 'secret'),
  });
});
afterEach(() => {
  cache.close();
  temp.cleanup();
});

function snapshot() {
  const recorded = instruments();
  return {
    calls: recorded.modelCalls.get(labels),
    attempts: recorded.modelCallAttempts.get(labels),
    retries: recorded.modelCallRetries.get(labels),
    failures: recorded.modelCallFailures.get(labels),
    observed: recorded.modelCallDuration.summary(labels).count,
    waits: recorded.modelCallWait.summary(labels).count,
    hits: recorded.responseCache.get({ result: 'hit' }),
    misses: recorded.responseCache.get({ result: 'miss' }),
  };
}

function delta(before: ReturnType<typeof snapshot>): ReturnType<typeof snapshot> {
  const after = snapshot();
  return {
    calls: after.calls - before.calls,
    attempts: after.attempts - before.attempts,
    retries: after.retries - before.retries,
    failures: after.failures - before.failures,
    observed: after.observed - before.observed,
    waits: after.waits - before.waits,
    hits: after.hits - before.hits,
    misses: after.misses - before.misses,
  };
}

describe('model call metrics', () => {
  it('counts a retried call, its attempts, a cache miss, then a cache hit', async () => {
    const client = new ResilientClient({ backoff: { baseMs: 1 } });
    const before = snapshot();
    const first = await runTask({
      provider: flaky(2),
      client,
      request: request('a'),
      model,
      cache,
    });
    expect(first.attempts).toBe(3);
    expect(delta(before)).toEqual({
      calls: 1,
      attempts: 3,
      retries: 2,
      failures: 0,
      observed: 1,
      waits: 1,
      hits: 0,
      misses: 1,
    });
    const again = snapshot();
    const second = await runTask({
      provider: flaky(0),
      client,
      request: request('a'),
      model,
      cache,
    });
    expect(second.cached).toBe(true);
    expect(delta(again)).toEqual({
      calls: 0,
      attempts: 0,
      retries: 0,
      failures: 0,
      observed: 0,
      waits: 0,
      hits: 1,
      misses: 0,
    });
  });

  it('counts a call that failed after its last attempt', async () => {
    const client = new ResilientClient({ backoff: { baseMs: 1 } });
    const before = snapshot();
    await expect(
      runTask({ provider: flaky(5), client, request: request('b'), model, maxAttempts: 2 }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^provider\./) as string });
    expect(delta(before)).toMatchObject({
      calls: 0,
      failures: 1,
      observed: 1,
      waits: 0,
      hits: 0,
      misses: 0,
    });
  });
});
