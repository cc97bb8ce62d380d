import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG as DEFAULTS } from '../config/defaults.js';
import { bundledModelTable } from '../models/index.js';
import type { ModelTable } from '../models/index.js';
import type { AgentRunPlan } from './agent-run.js';
import { escalatedPlan, escalationBound, failedCheck, nextTier } from './escalation.js';

const table = bundledModelTable();
const { haiku, sonnet, opus } = table.tiers;

describe('failedCheck', () => {
  it('names a refusal and a cut-off from the stop reason, and nothing for a finished answer', () => {
    expect(failedCheck('refusal', '', undefined)?.reason).toBe('refusal');
    expect(failedCheck('max_tokens', 'half of', undefined)).toEqual({
      reason: 'max_tokens',
      detail: 'the answer was cut off at max_tokens',
    });
    for (const stop of ['end_turn', 'stop_sequence', 'tool_use', null])
      expect(failedCheck(stop, "I can't help with that.", undefined)).toBeUndefined();
  });

  it('asks the output check only of an answer the API finished, and names its problem', () => {
    const seen: string[] = [];
    const check = (output: string): string | undefined => {
      seen.push(output);
      return output.startsWith('{') ? undefined : 'the answer is not JSON';
    };
    expect(failedCheck('max_tokens', '{"a":', check)?.reason).toBe('max_tokens');
    expect(seen).toEqual([]);
    expect(failedCheck('end_turn', '{}', check)).toBeUndefined();
    expect(failedCheck('end_turn', 'prose', check)).toEqual({
      reason: 'invalid_output',
      detail: 'the output does not match its schema: the answer is not JSON',
    });
  });
});

describe('nextTier', () => {
  it('climbs haiku → sonnet → opus and stops at opus', () => {
    expect(nextTier(table, haiku)).toEqual({ tier: 'sonnet', model: sonnet });
    expect(nextTier(table, sonnet)).toEqual({ tier: 'opus', model: opus });
    expect(nextTier(table, opus)).toEqual({ none: expect.stringMatching(/top tier/) as string });
    expect(nextTier(table, 'llama3.2')).toEqual({
      none: expect.stringMatching(/^llama3\.2 is not the model of a tier/) as string,
    });
  });

  it('never retries the same model when two tiers share one', () => {
    const shared: ModelTable = { ...table, tiers: { haiku, sonnet: haiku, opus } };
    expect(nextTier(shared, haiku)).toEqual({ tier: 'opus', model: opus });
    const top: ModelTable = { ...table, tiers: { haiku, sonnet: opus, opus } };
    expect('none' in nextTier(top, opus)).toBe(true);
  });
});

/** A plan on `model` as planAgentRun makes one, with only what escalation reads filled in. */
function planOn(model: string, maxCostUsd: number | undefined): AgentRunPlan {
  const modelInfo = table.models[model];
  if (modelInfo === undefined) throw new Error(`no ${model}`);
  return {
    task: 'explain the retry policy',
    agent: { name: 'research' } as AgentRunPlan['agent'], // escalation reads no agent field
    routedBy: 'flag',
    complexity: 'simple',
    model: { tier: 'haiku', model, source: 'flag' },
    modelInfo,
    provider: { name: 'anthropic', source: 'flag' },
    providerProblem: undefined,
    routingCall: null,
    request: { model, system: [{ text: 'agent' }], messages: [], maxTokens: 100 },
    recalled: [],
    estimate: {
      inputTokens: 1000,
      outputTokens: { low: 200, high: 1500 },
      usd: { low: 0, high: 0.001 },
    },
    maxCostUsd,
  };
}

describe('escalatedPlan', () => {
  it("moves the request to the next tier's model and output limit, keeping the prompt", () => {
    const plan = planOn(haiku, undefined);
    const retry = escalatedPlan(plan, {
      table,
      config: DEFAULTS,
      spentUsd: 0.001,
      maxCostUsd: undefined,
    });
    if (typeof retry === 'string') throw new Error(retry);
    expect(retry.model).toEqual({ tier: 'sonnet', model: sonnet, source: 'flag' });
    expect(retry.request).toEqual({
      ...plan.request,
      model: sonnet,
      maxTokens: DEFAULTS.engine.maxOutputTokens,
    });
    // Sonnet's price for the same input and expected output.
    expect(retry.estimate.usd.high).toBeCloseTo((1000 * 2 + 1500 * 10) / 1_000_000, 9);
  });

  it('skips a retry the budget cannot cover, and one above opus', () => {
    const why = escalatedPlan(planOn(haiku, 0.01), {
      table,
      config: DEFAULTS,
      spentUsd: 0.001,
      maxCostUsd: 0.01,
    });
    expect(why).toMatch(
      /^a retry on sonnet could cost up to \$0\.0170.*\$0\.0010 of the \$0\.01 budget/,
    );
    expect(
      typeof escalatedPlan(planOn(haiku, 0.02), {
        table,
        config: DEFAULTS,
        spentUsd: 0.001,
        maxCostUsd: 0.02,
      }),
    ).toBe('object');
    expect(
      escalatedPlan(planOn(opus, undefined), {
        table,
        config: DEFAULTS,
        spentUsd: 0,
        maxCostUsd: undefined,
      }),
    ).toMatch(/top tier/);
  });

  it('bounds a run with escalation by both calls, and an opus run by its own', () => {
    expect(escalationBound(planOn(haiku, undefined), table, DEFAULTS)).toBeCloseTo(
      0.001 + 0.017,
      9,
    );
    expect(escalationBound(planOn(opus, undefined), table, DEFAULTS)).toBe(0.001);
  });
});
