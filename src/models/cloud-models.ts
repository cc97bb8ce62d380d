import type { ModelTier } from '../agents/index.js';
import { ProviderError } from '../errors.js';
import type { CloudName, ModelInfo, ModelTable } from './model-table.js';

/** What a cloud provider sends for one of the table's models, and what it costs there. */
export interface CloudModel {
  /** The cloud's model id: a Bedrock inference profile or model id, a Vertex AI model name. */
  readonly id: string;
  /** The table's entry at the cloud's price, or undefined for a model the table lacks. */
  readonly info: ModelInfo | undefined;
}

export interface CloudModelInput {
  readonly table: ModelTable;
  readonly cloud: CloudName;
  /** Config `provider.<cloud>.models`: a cloud model id per tier, beating the table's. */
  readonly overrides: Readonly<Record<string, string>>;
  /** Whether a model id is served at the regional price (see CloudModels.regionalMultiplier). */
  readonly regional: (cloudId: string) => boolean;
}

const TIERS: readonly ModelTier[] = ['haiku', 'sonnet', 'opus'];

/**
 * The table's model ids mapped to the cloud's, worked out once when the provider is made: a
 * tier's override first, then the table's `clouds.<cloud>.models`, else the id unchanged (a
 * custom table that names cloud ids directly). Prices are the table's, times the cloud's
 * regional multiplier where the endpoint is regional.
 */
export function cloudModelMap(input: CloudModelInput): ReadonlyMap<string, CloudModel> {
  const { table, cloud } = input;
  for (const tier of Object.keys(input.overrides))
    if (!(TIERS as readonly string[]).includes(tier))
      throw new ProviderError(
        'provider.cloud_config',
        `provider.${cloud}.models has "${tier}", which is not a tier`,
        { hint: `name the tiers haiku, sonnet and opus, e.g. {sonnet: <a ${cloud} model id>}` },
      );
  const section = table.clouds?.[cloud];
  const overrideOf = new Map<string, string>();
  for (const tier of TIERS) {
    const id = input.overrides[tier];
    if (id !== undefined) overrideOf.set(table.tiers[tier], id);
  }
  const map = new Map<string, CloudModel>();
  for (const [model, info] of Object.entries(table.models)) {
    const id = overrideOf.get(model) ?? section?.models[model] ?? model;
    const multiplier = section !== undefined && input.regional(id) ? section.regionalMultiplier : 1;
    map.set(model, { id, info: multiplier === 1 ? info : scaled(info, multiplier) });
  }
  return map;
}

/** A model's entry with every price times `multiplier`, rounded to a millionth of a dollar. */
function scaled(info: ModelInfo, multiplier: number): ModelInfo {
  const price = (value: number): number => Math.round(value * multiplier * 1e6) / 1e6;
  const { pricing } = info;
  return {
    ...info,
    pricing: {
      input: price(pricing.input),
      output: price(pricing.output),
      cacheWrite5m: price(pricing.cacheWrite5m),
      cacheWrite1h: price(pricing.cacheWrite1h),
      cacheRead: price(pricing.cacheRead),
    },
  };
}

/**
 * Whether Bedrock bills a model id at the regional price: everything but a global cross-region
 * inference profile (`global.anthropic...`), so geographic profiles (`us.`, `eu.`, ...), base
 * model ids and ARNs.
 */
export function bedrockRegional(cloudId: string): boolean {
  return !cloudId.startsWith('global.');
}

/** Whether Vertex AI bills a region at the regional price: every region but `global`. */
export function vertexRegional(region: string): boolean {
  return region !== 'global';
}
