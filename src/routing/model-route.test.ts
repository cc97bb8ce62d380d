import { describe, expect, it } from 'vitest';
import { HybridError } from '../errors.js';
import type { ModelRequest } from '../llm/types.js';
import type { AskModel, ModelAnswer } from './model-route.js';
import { routeWithModel } from './model-route.js';

const DECISION = {
  agent: 'pm',
  confidence: 0.29,
  via: 'index' as const,
  alternatives: [
    { agent: 'pm', score: 1.6 },
    { agent: 'ops', score: 1.35 },
    { agent: 'documentation', score: 0.92 },
  ],
  reasons: ['"deploy" in description'],
};

function answering(
  text: string,
  extra: Partial<ModelAnswer> = {},
): {
  ask: AskModel;
  requests: ModelRequest[];
} {
  const requests: ModelRequest[] = [];
  return {
    requests,
    ask: (request) => {
      requests.push(request);
      return Promise.resolve({
        text,
        model: request.model,
        provider: 'anthropic',
        usage: { inputTokens: 40, outputTokens: 2, cacheWriteTokens: 0, cacheReadTokens: 300 },
        costUsd: 0.00001,
        cached: false,
        simulated: false,
        durationMs: 12,
        ...extra,
      });
    },
  };
}

const route = (ask: AskModel, signal?: AbortSignal) =>
  routeWithModel(DECISION, {
    task: 'help with the deployment and the docs',
    catalogue: 'CATALOGUE',
    model: 'claude-haiku-5-5',
    ask,
    signal,
  });

describe('routeWithModel', () => {
  it("takes the model's choice among the candidates and says so", async () => {
    const { ask, requests } = answering('ops');
    const routed = await route(ask);
    expect(routed.agent).toBe('ops');
    expect(routed.via).toBe('llm');
    expect(routed.reasons[0]).toBe(
      "claude-haiku-5-5 chose ops among pm, ops, documentation (the router's confidence 0.29 is below 0.8)",
    );
    expect(routed.reasons[1]).toBe('the router ranked ops #2 and chose pm');
    expect(routed.reasons).toContain('"deploy" in description');
    expect(routed.routingCall).toMatchObject({
      model: 'claude-haiku-5-5',
      candidates: ['pm', 'ops', 'documentation'],
      answer: 'ops',
      costUsd: 0.00001,
    });
    expect(requests[0]?.messages[0]?.content).toContain('Candidates: pm, ops, documentation');
  });

  it("keeps the router's choice when the answer names no candidate, with the reason", async () => {
    const routed = await route(answering('security').ask);
    expect(routed.agent).toBe('pm');
    expect(routed.via).toBe('index');
    expect(routed.reasons[0]).toBe(
      'the model answered "security", which is not one of the candidates; kept the router\'s choice pm',
    );
    // The call was made and paid for: it is reported all the same.
    expect(routed.routingCall?.answer).toBe('security');
  });

  it("keeps the router's choice for a simulated answer", async () => {
    const routed = await route(answering('[simulated] ops', { simulated: true, costUsd: 0 }).ask);
    expect(routed).toMatchObject({ agent: 'pm', via: 'index' });
    expect(routed.reasons[0]).toContain('the sim provider simulates answers');
  });

  it("turns a failed call into a warning and keeps the choice; rethrows the caller's abort", async () => {
    const failing: AskModel = () =>
      Promise.reject(new HybridError('provider.rate_limited', 'rate limited after 5 attempts'));
    const routed = await route(failing);
    expect(routed).toMatchObject({ agent: 'pm', via: 'index', routingCall: null });
    expect(routed.warnings).toEqual([
      'llm routing skipped: provider.rate_limited: rate limited after 5 attempts',
    ]);
    const controller = new AbortController();
    controller.abort();
    await expect(route(failing, controller.signal)).rejects.toThrow('rate limited');
  });

  it('asks about at most 8 candidates', async () => {
    const many = Array.from({ length: 12 }, (_, index) => ({ agent: `agent-${index}`, score: 1 }));
    const { ask, requests } = answering('agent-7');
    const routed = await routeWithModel(
      { ...DECISION, agent: 'agent-0', alternatives: many },
      { task: 't', catalogue: 'C', model: 'm', ask },
    );
    expect(routed.agent).toBe('agent-7');
    expect(routed.routingCall?.candidates).toEqual(many.slice(0, 8).map((each) => each.agent));
    expect(requests[0]?.messages[0]?.content).not.toContain('agent-8');
  });
});
