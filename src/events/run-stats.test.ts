import { describe, expect, it } from 'vitest';
import { parseDuration } from '../files/index.js';
import { runStats } from './run-stats.js';
import type { RunEvent } from './run-stats.js';

const completed = (
  agent: string,
  model: string,
  durationMs: number,
  extra: Partial<{ costUsd: number; attempts: number; cached: boolean; waitedMs: number }> = {},
): RunEvent => ({
  type: 'run.completed',
  payload: {
    runId: `${agent}-${durationMs}`,
    agent,
    model,
    provider: 'anthropic',
    simulated: false,
    cached: extra.cached ?? false,
    inputTokens: 100,
    outputTokens: 20,
    cacheWriteTokens: 0,
    cacheReadTokens: 50,
    costUsd: extra.costUsd ?? 0.01,
    durationMs,
    attempts: extra.attempts ?? 1,
    ...(extra.waitedMs === undefined ? {} : { waitedMs: extra.waitedMs }),
  },
});

describe('runStats', () => {
  it('summarises success, latency percentiles, cache, retries, tokens and cost', () => {
    const events: RunEvent[] = [
      ...Array.from({ length: 98 }, (_, index) => completed('engineer', 'sonnet-x', index + 1)),
      completed('qa', 'haiku-x', 500, { attempts: 3, costUsd: 0.002, waitedMs: 1_250.5 }),
      completed('qa', 'haiku-x', 1_000, { cached: true, costUsd: 0, attempts: 0 }),
      {
        type: 'run.failed',
        payload: { agent: 'qa', model: 'haiku-x', provider: 'anthropic', error: 'provider.auth' },
      },
    ];
    const stats = runStats(events);
    expect(stats).toMatchObject({
      runs: 101,
      completed: 100,
      failed: 1,
      successRate: 0.9901,
      latencyMs: { p50: 50, p95: 95, p99: 500 },
      cacheHitRate: 0.01,
      retries: 2,
      // The other runs are version-1 events without waitedMs: they count 0.
      waitedMs: 1_250.5,
      tokens: { input: 10_000, output: 2_000, cacheRead: 5_000, cacheWrite: 0 },
    });
    expect(stats.costUsd).toBeCloseTo(0.98 + 0.002, 10);
    expect(stats.byAgent.engineer).toEqual({
      runs: 98,
      costUsd: expect.closeTo(0.98, 10) as number,
    });
    expect(stats.byModel['haiku-x']).toMatchObject({ runs: 3 });
  });

  it('is all zeros for no runs', () => {
    expect(runStats([])).toMatchObject({
      runs: 0,
      successRate: null,
      cacheHitRate: null,
      latencyMs: { p50: 0 },
    });
  });
});

describe('parseDuration', () => {
  it('reads a number and a unit', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('90m')).toBe(5_400_000);
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    for (const bad of ['', '7', 'd', '7 days', '-1d', '7y'])
      expect(parseDuration(bad)).toBeUndefined();
  });
});
