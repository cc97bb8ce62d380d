import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { ResponseCache, SHARED_PAUSE_MS, decodeSharedEntry } from '../cache/index.js';
import type { SharedCacheTier } from '../cache/index.js';
import { simProvider } from '../llm/index.js';
import type { ModelRequest, Provider } from '../llm/index.js';
import { bundledModelTable } from '../models/index.js';
import type { ModelInfo } from '../models/index.js';
import { ResilientClient } from '../resilience/index.js';
import { runTask } from './run-task.js';

// Two machines, each with its own local cache (memory and disk), sharing one tier: a Map here,
// the Postgres table in production (see test/shared-cache.int.test.ts for that one).

const model = Object.values(bundledModelTable().models)[0] as ModelInfo; // the table is not empty
const request: ModelRequest = {
  model: 'shared-cache-test-model',
  system: [{ text: 'You are a test.' }],
  messages: [{ role: 'user', content: 'add a flag' }],
  maxTokens: 64,
};

/** The sim provider, counting its calls. */
function countingProvider(): Provider & { calls: number } {
  const sim = simProvider();
  const counted = {
    ...sim,
    calls: 0,
    complete: (modelRequest: ModelRequest, options: Parameters<Provider['complete']>[1]) => {
      counted.calls += 1;
      return sim.complete(modelRequest, options);
    },
  };
  return counted;
}

function mapTier(): SharedCacheTier & { rows: Map<string, string>; failing: boolean } {
  const tier = {
    rows: new Map<string, string>(),
    failing: false,
    get: (key: string) =>
      tier.failing
        ? Promise.reject(new Error('connection refused'))
        : Promise.resolve(tier.rows.get(key)),
    set: (key: string, payload: string) => {
      if (tier.failing) return Promise.reject(new Error('connection refused'));
      tier.rows.set(key, payload);
      return Promise.resolve();
    },
  };
  return tier;
}

let temp: ReturnType<typeof makeTempDir>;
let opened: ResponseCache[];
beforeEach(() => {
  temp = makeTempDir();
  opened = [];
});
afterEach(() => {
  for (const cache of opened) cache.close();
  temp.cleanup();
});

function machine(
  name: string,
  shared: SharedCacheTier | undefined,
  warnings: string[] = [],
  now: () => number = Date.now,
) {
  const cache = ResponseCache.open({
    path: join(temp.dir, name, 'cache.db'),
    secretPath: join(temp.dir, name, 'secret'),
    shared,
    warn: (message) => warnings.push(message),
    now,
  });
  opened.push(cache);
  return cache;
}

const client = new ResilientClient({ backoff: { baseMs: 1 } });

describe('a response cache with a shared tier', () => {
  it("answers one machine's request on another, which then answers it locally", async () => {
    const tier = mapTier();
    const first = machine('a', tier);
    const second = machine('b', tier);
    const provider = countingProvider();

    const called = await runTask({ provider, client, request, model, cache: first });
    expect(called.cached).toBe(false);
    await first.settled();
    expect(tier.rows.size).toBe(1);
    const [stored] = tier.rows.values();
    expect(decodeSharedEntry(stored ?? '')).toEqual(called.response);

    const hit = await runTask({ provider, client, request, model, cache: second });
    expect(hit).toMatchObject({ cached: true, costUsd: 0, attempts: 0 });
    expect(hit.response).toEqual(called.response);
    expect(provider.calls).toBe(1);
    // Kept locally: the shared tier is not asked again.
    tier.rows.clear();
    expect((await runTask({ provider, client, request, model, cache: second })).cached).toBe(true);
    expect(provider.calls).toBe(1);
  });

  it('treats a malformed shared entry as a miss, then overwrites it', async () => {
    const tier = mapTier();
    const provider = countingProvider();
    const first = machine('a', tier);
    await runTask({ provider, client, request, model, cache: first });
    await first.settled();
    const [key] = tier.rows.keys();
    if (key === undefined) throw new Error('nothing was shared');
    tier.rows.set(key, '{"version":1,"response":{"id":"x"}}');

    const second = machine('b', tier);
    expect((await runTask({ provider, client, request, model, cache: second })).cached).toBe(false);
    expect(provider.calls).toBe(2);
    await second.settled();
    expect(decodeSharedEntry(tier.rows.get(key) ?? '')).toBeDefined();
  });

  it('runs on when the shared tier fails, warning once, and leaves it alone for a while', async () => {
    const tier = mapTier();
    tier.failing = true;
    const warnings: string[] = [];
    let clock = Date.now();
    const cache = machine('a', tier, warnings, () => clock);
    const provider = countingProvider();
    expect((await runTask({ provider, client, request, model, cache })).cached).toBe(false);
    await cache.settled();
    const other = { ...request, messages: [{ role: 'user' as const, content: 'other' }] };
    expect((await runTask({ provider, client, request: other, model, cache })).cached).toBe(false);
    await cache.settled();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/shared response cache could not read .*connection refused/);
    expect(warnings[0]).toContain('trying it again every 30 s');
    // The local tier still works.
    expect((await runTask({ provider, client, request, model, cache })).cached).toBe(true);
    expect(provider.calls).toBe(2);
    // Back up, but paused for SHARED_PAUSE_MS after the last failure: not written yet.
    tier.failing = false;
    const third = { ...request, messages: [{ role: 'user' as const, content: 'third' }] };
    await runTask({ provider, client, request: third, model, cache });
    await cache.settled();
    expect(tier.rows.size).toBe(0);
    clock += SHARED_PAUSE_MS;
    const fourth = { ...request, messages: [{ role: 'user' as const, content: 'fourth' }] };
    await runTask({ provider, client, request: fourth, model, cache });
    await cache.settled();
    expect(tier.rows.size).toBe(1);
    expect(warnings).toHaveLength(1);
  });

  it('without a shared tier, answers from the local cache alone', async () => {
    const cache = machine('a', undefined);
    expect(cache.hasShared).toBe(false);
    const provider = countingProvider();
    await runTask({ provider, client, request, model, cache });
    expect((await runTask({ provider, client, request, model, cache })).cached).toBe(true);
    expect(provider.calls).toBe(1);
  });
});
