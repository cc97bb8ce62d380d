import { describe, expect, it } from 'vitest';
import { catchError } from '../../test/support/catch-error.js';
import { ProviderError } from '../errors.js';
import { bedrockRegional, cloudModelMap, vertexRegional } from './cloud-models.js';
import { bundledModelTable, validateModelTable } from './model-table.js';

const table = bundledModelTable();

describe('the model table on the clouds', () => {
  it('gives every model of the bundled table a Bedrock and a Vertex AI id, with a named source', () => {
    for (const cloud of ['bedrock', 'vertex'] as const) {
      const section = table.clouds?.[cloud];
      expect(section?.source).toMatch(/pricing/);
      expect(Object.keys(section?.models ?? {}).sort()).toEqual(Object.keys(table.models).sort());
    }
    expect(table.clouds?.bedrock?.models['claude-haiku-4-5']).toBe(
      'global.anthropic.claude-haiku-4-5-20251001-v1:0',
    );
    expect(table.clouds?.vertex?.models['claude-haiku-4-5']).toBe('claude-haiku-4-5@20251001');
  });

  it('prices global endpoints at the table price and regional ones at the multiplier', () => {
    const sonnet = table.tiers.sonnet;
    const base = table.models[sonnet]?.pricing.input ?? 0;
    const global = cloudModelMap({
      table,
      cloud: 'bedrock',
      overrides: {},
      regional: bedrockRegional,
    });
    expect(global.get(sonnet)?.info?.pricing.input).toBe(base);
    const regional = cloudModelMap({
      table,
      cloud: 'bedrock',
      overrides: { sonnet: 'us.anthropic.claude-sonnet-5-5' },
      regional: bedrockRegional,
    });
    expect(regional.get(sonnet)).toMatchObject({ id: 'us.anthropic.claude-sonnet-5-5' });
    expect(regional.get(sonnet)?.info?.pricing.input).toBeCloseTo(base * 1.1, 6);
    const vertex = cloudModelMap({
      table,
      cloud: 'vertex',
      overrides: {},
      regional: () => vertexRegional('europe-west1'),
    });
    expect(vertex.get(sonnet)?.info?.pricing.output).toBeCloseTo(
      (table.models[sonnet]?.pricing.output ?? 0) * 1.1,
      6,
    );
    expect(vertexRegional('global')).toBe(false);
  });

  it('refuses an override for something that is not a tier', () => {
    const thrown = catchError(ProviderError, () =>
      cloudModelMap({ table, cloud: 'vertex', overrides: { sonet: 'x' }, regional: () => false }),
    );
    expect(thrown).toMatchObject({ code: 'provider.cloud_config' });
    expect(thrown.message).toMatch(/"sonet", which is not a tier/);
  });

  it("checks a custom table's clouds section", () => {
    const valid = JSON.parse(JSON.stringify(table)) as Record<string, unknown>;
    expect(() => validateModelTable(valid, 'custom.json')).not.toThrow();
    const bad = (clouds: unknown): unknown => ({ ...valid, clouds });
    expect(() => validateModelTable(bad({ azure: {} }), 'custom.json')).toThrow(
      /unknown cloud "azure"/,
    );
    expect(() =>
      validateModelTable(
        bad({ bedrock: { source: 's', regionalMultiplier: 0.5, models: {} } }),
        'custom.json',
      ),
    ).toThrow(/regionalMultiplier must be a number of at least 1/);
    expect(() =>
      validateModelTable(
        bad({ vertex: { source: 's', regionalMultiplier: 1, models: { 'claude-nope': 'x' } } }),
        'custom.json',
      ),
    ).toThrow(/names model "claude-nope", which has no entry/);
  });
});
