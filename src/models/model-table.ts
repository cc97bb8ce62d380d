import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ModelTier } from '../agents/index.js';
import { ConfigError } from '../errors.js';
import defaultTable from './models.json' with { type: 'json' };

/** USD per million tokens. */
export interface ModelPricing {
  readonly input: number;
  readonly output: number;
  readonly cacheWrite5m: number;
  readonly cacheWrite1h: number;
  readonly cacheRead: number;
}

export interface ModelInfo {
  readonly contextWindow: number;
  readonly maxOutputTokens: number;
  readonly pricing: ModelPricing;
  /** Prompts above `aboveInputTokens` are billed at `multiplier` times every price. */
  readonly longContext?: { readonly aboveInputTokens: number; readonly multiplier: number };
}

/** The clouds that serve Claude under their own model ids and prices. */
export type CloudName = 'bedrock' | 'vertex';

/** One cloud's model ids and how its list price relates to the table's (Anthropic's). */
export interface CloudModels {
  /** Where the ids and prices come from, shown by `doctor` and in the docs. */
  readonly source: string;
  /** The cloud's model id for each model of the table, by the table's id. */
  readonly models: Readonly<Record<string, string>>;
  /**
   * Every price times this on a regional endpoint (Bedrock: anything but a `global.`
   * inference profile; Vertex AI: any region but `global`). Global endpoints cost the table's
   * price.
   */
  readonly regionalMultiplier: number;
}

/** The tier-to-model map and each model's pricing and context window (format version 1). */
export interface ModelTable {
  readonly tiers: Readonly<Record<ModelTier, string>>;
  readonly models: Readonly<Record<string, ModelInfo>>;
  /** Model ids and prices on Amazon Bedrock and Google Vertex AI, where the table has them. */
  readonly clouds?: Readonly<Partial<Record<CloudName, CloudModels>>>;
}

const PRICE_KEYS = ['input', 'output', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead'] as const;

/**
 * Checks a model table (the bundled one, or one config points at) before anything uses it. A
 * tier that names a model without an entry, or an entry without a price, is refused here,
 * naming the model, rather than producing a wrong cost later.
 */
export function validateModelTable(value: unknown, source: string): ModelTable {
  const fail = (message: string): never => {
    throw new ConfigError('models.invalid', `${source}: ${message}`, {
      hint: 'fix the model table; every tier must name a model that has pricing and a context window',
    });
  };
  if (value === null || typeof value !== 'object')
    fail('expected a JSON object with "tiers" and "models"');
  const table = value as { tiers?: unknown; models?: unknown; version?: unknown }; // checked field by field below
  if (table.version !== undefined && table.version !== 1)
    fail(
      `unsupported version ${JSON.stringify(table.version)}; this claude-hybrid reads version 1`,
    );
  if (table.models === null || typeof table.models !== 'object')
    fail('"models" must be an object of model id to model info');
  if (table.tiers === null || typeof table.tiers !== 'object')
    fail('"tiers" must map haiku, sonnet and opus to model ids');
  const models = table.models as Record<string, unknown>;
  for (const [id, info] of Object.entries(models)) {
    const entry = info as { contextWindow?: unknown; pricing?: Record<string, unknown> } | null;
    if (entry === null || typeof entry !== 'object') fail(`model "${id}" must be an object`);
    if (typeof entry?.contextWindow !== 'number' || entry.contextWindow <= 0)
      fail(`model "${id}" needs a positive contextWindow`);
    for (const key of PRICE_KEYS) {
      const price = entry?.pricing?.[key];
      if (typeof price !== 'number' || price < 0 || !Number.isFinite(price))
        fail(`model "${id}" is missing pricing.${key} (USD per million tokens)`);
    }
  }
  const tiers = table.tiers as Record<string, unknown>;
  for (const tier of ['haiku', 'sonnet', 'opus'] as const) {
    const id = tiers[tier];
    if (typeof id !== 'string') fail(`tier "${tier}" must name a model id`);
    if (!Object.hasOwn(models, id as string))
      fail(`tier "${tier}" names model "${String(id)}", which has no entry in "models"`);
  }
  const clouds = (table as { clouds?: unknown }).clouds;
  if (clouds !== undefined) checkClouds(clouds, models, fail);
  return value as ModelTable; // every field used downstream was checked above
}

/** The optional `clouds` section: known clouds, each with a source, string ids and a multiplier. */
function checkClouds(
  clouds: unknown,
  models: Record<string, unknown>,
  fail: (message: string) => never,
): void {
  if (clouds === null || typeof clouds !== 'object')
    fail('"clouds" must be an object with "bedrock" and/or "vertex"');
  for (const [cloud, entry] of Object.entries(clouds as Record<string, unknown>)) {
    if (cloud !== 'bedrock' && cloud !== 'vertex')
      fail(`unknown cloud "${cloud}" in "clouds"; this version knows bedrock and vertex`);
    const section = entry as { source?: unknown; models?: unknown; regionalMultiplier?: unknown };
    if (section === null || typeof section !== 'object') fail(`clouds.${cloud} must be an object`);
    if (typeof section.source !== 'string' || section.source === '')
      fail(`clouds.${cloud}.source must name where its ids and prices come from`);
    const multiplier = section.regionalMultiplier;
    if (typeof multiplier !== 'number' || !(multiplier >= 1) || !Number.isFinite(multiplier))
      fail(`clouds.${cloud}.regionalMultiplier must be a number of at least 1`);
    if (section.models === null || typeof section.models !== 'object')
      fail(`clouds.${cloud}.models must map the table's model ids to ${cloud} model ids`);
    for (const [id, cloudId] of Object.entries(section.models as Record<string, unknown>)) {
      if (!Object.hasOwn(models, id))
        fail(`clouds.${cloud}.models names model "${id}", which has no entry in "models"`);
      if (typeof cloudId !== 'string' || cloudId === '')
        fail(`clouds.${cloud}.models.${id} must be a model id`);
    }
  }
}

let bundled: ModelTable | undefined;

/** The model table shipped with Claude Hybrid. */
export function bundledModelTable(): ModelTable {
  bundled ??= validateModelTable(defaultTable, 'bundled models.json');
  return bundled;
}

/** The table config names: `bundled`, or a JSON file relative to the project root. */
export function loadModelTable(setting: string, projectRoot: string): ModelTable {
  if (setting === 'bundled') return bundledModelTable();
  const file = resolve(projectRoot, setting);
  let text: string;
  try {
    if (statSync(file).size > 1024 * 1024) throw new Error('larger than 1 MiB');
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      'models.unreadable',
      `cannot read model table ${file}: ${(error as Error).message}`,
      { hint: 'set models.table to "bundled" or to a readable JSON file', cause: error },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      'models.invalid',
      `${file}: not valid JSON (${(error as Error).message})`,
      { hint: 'fix the JSON syntax of the model table', cause: error },
    );
  }
  return validateModelTable(value, file);
}
