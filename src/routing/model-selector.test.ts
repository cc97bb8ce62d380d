import { describe, expect, it } from 'vitest';
import { parseAgentText } from '../agents/index.js';
import type { AgentDefinition } from '../agents/index.js';
import { bundledModelTable, validateModelTable } from '../models/index.js';
import { estimateCost, selectModel } from './model-selector.js';

function agent(model?: string): AgentDefinition {
  const outcome = parseAgentText(
    `---\nname: a\ndescription: d\n${model === undefined ? '' : `model: ${model}\n`}---\nBody\n`,
    'a.md',
  );
  if (outcome.kind !== 'ok') throw new Error('fixture must parse');
  return outcome.definition;
}

describe('selectModel', () => {
  const table = bundledModelTable();

  it('applies the precedence --model > config > agent model id > classifier', () => {
    expect(selectModel({ agent: agent(), complexity: 'simple' }, table)).toEqual({
      tier: 'haiku',
      model: table.tiers.haiku,
      source: 'classifier',
    });
    expect(selectModel({ agent: agent('inherit'), complexity: 'complex' }, table)).toMatchObject({
      tier: 'opus',
      source: 'classifier',
    });
    expect(
      selectModel({ agent: agent('claude-sonnet-4-5'), complexity: 'complex' }, table),
    ).toEqual({ tier: 'sonnet', model: 'claude-sonnet-4-5', source: 'agent' });
    expect(
      selectModel({ agent: agent('sonnet'), complexity: 'complex', configured: 'haiku' }, table),
    ).toMatchObject({ tier: 'haiku', source: 'config' });
    expect(
      selectModel(
        {
          agent: agent('sonnet'),
          complexity: 'simple',
          configured: 'haiku',
          flag: 'claude-opus-5',
        },
        table,
      ),
    ).toEqual({ tier: 'opus', model: 'claude-opus-5', source: 'flag' });
  });

  it("lets the task's complexity move an agent's tier alias, both ways", () => {
    expect(selectModel({ agent: agent('sonnet'), complexity: 'complex' }, table)).toEqual({
      tier: 'opus',
      model: table.tiers.opus,
      source: 'classifier',
    });
    expect(selectModel({ agent: agent('opus'), complexity: 'simple' }, table)).toMatchObject({
      tier: 'haiku',
      source: 'classifier',
    });
    expect(
      selectModel({ agent: agent('opus'), complexity: 'simple', configured: 'opus' }, table),
    ).toMatchObject({ tier: 'opus', source: 'config' });
  });

  it('estimates cost from the table, with long-context pricing', () => {
    const haiku = table.models[table.tiers.haiku];
    const short = estimateCost(haiku, 1_000, 'simple');
    expect(short.usd.low).toBeCloseTo((1_000 * 0.1 + 200 * 0.5) / 1e6, 9);
    const long = estimateCost(haiku, 200_000, 'simple');
    expect(long.usd.low).toBeCloseTo(((200_000 * 0.1 + 200 * 0.5) * 5) / 1e6, 9);
  });
});

describe('validateModelTable', () => {
  it('refuses a tier whose model has no entry, naming the model', () => {
    const table = {
      tiers: { haiku: 'h', sonnet: 's', opus: 'missing-opus' },
      models: { h: entry(), s: entry() },
    };
    expect(() => validateModelTable(table, 'models.json')).toThrow(
      /tier "opus" names model "missing-opus", which has no entry/,
    );
  });

  it('refuses a model without a price, naming it and the price', () => {
    const table = {
      tiers: { haiku: 'h', sonnet: 'h', opus: 'h' },
      models: { h: { contextWindow: 1000, pricing: { input: 1, output: 2 } } },
    };
    expect(() => validateModelTable(table, 'models.json')).toThrow(
      /model "h" is missing pricing.cacheWrite5m/,
    );
  });
});

function entry(): unknown {
  return {
    contextWindow: 1000,
    pricing: { input: 1, output: 2, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 },
  };
}
