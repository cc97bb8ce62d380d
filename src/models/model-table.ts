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

/** The tier-to-model map and each model's pricing and context window (format version 1). */
export interface ModelTable {
  readonly tiers: Readonly<Record<ModelTier, string>>;
  readonly models: Readonly<Record<string, ModelInfo>>;
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
  return value as ModelTable; // every field used downstream was checked above
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
