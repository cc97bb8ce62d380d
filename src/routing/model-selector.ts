import type { AgentDefinition, ModelTier } from '../agents/index.js';
import { MODEL_TIERS } from '../agents/index.js';
import type { Complexity } from './complexity.js';
import type { ModelInfo, ModelTable } from '../models/index.js';

export const TIER_FOR_COMPLEXITY: Readonly<Record<Complexity, ModelTier>> = {
  simple: 'haiku',
  moderate: 'sonnet',
  complex: 'opus',
};

/** Where the chosen model came from, highest precedence first. */
export type ModelSource = 'flag' | 'config' | 'agent' | 'classifier';

export interface ModelChoice {
  readonly tier: ModelTier | undefined;
  readonly model: string;
  readonly source: ModelSource;
}

export interface ModelSelectionInput {
  /** The agent's own `model` setting, if any. */
  readonly agent: Pick<AgentDefinition, 'model'>;
  readonly complexity: Complexity;
  /** `--model`: an alias (haiku, sonnet, opus) or a model id. */
  readonly flag?: string | undefined;
  /** Config `models.agents.<name>`. */
  readonly configured?: string | undefined;
}

/**
 * Precedence: `--model`, then config `models.agents.<name>`, then a model id in the agent's own
 * `model` (such as `claude-opus-4-1`: one specific model, kept as written), then the tier the
 * task's complexity needs. An agent's tier alias (`haiku`, `sonnet`, `opus`, or `inherit`) is
 * not a pin: the task decides the tier. Pinned, the aliases the wshobson corpus declares gave
 * the labelled tier to 51% of the 150 labelled tasks routed to those agents, and a cheaper tier
 * than the label to 15%. To pin an agent to a tier, set config `models.agents.<name>`. Aliases
 * resolve through the table.
 */
export function selectModel(input: ModelSelectionInput, table: ModelTable): ModelChoice {
  const declared = input.agent.model;
  const candidates: [string | undefined, ModelSource][] = [
    [input.flag, 'flag'],
    [input.configured, 'config'],
    [declared === undefined || isTierAlias(declared) ? undefined : declared, 'agent'],
  ];
  for (const [value, source] of candidates) {
    if (value === undefined || value === '') continue;
    return { ...resolve(value, table), source };
  }
  const tier = TIER_FOR_COMPLEXITY[input.complexity];
  return { tier, model: table.tiers[tier], source: 'classifier' };
}

/** `inherit` and the tier names: they say which kind of model, not which model. */
function isTierAlias(value: string): boolean {
  return value === 'inherit' || (MODEL_TIERS as readonly string[]).includes(value);
}

function resolve(value: string, table: ModelTable): { tier: ModelTier | undefined; model: string } {
  if ((MODEL_TIERS as readonly string[]).includes(value)) {
    const tier = value as ModelTier; // checked just above
    return { tier, model: table.tiers[tier] };
  }
  const tier = MODEL_TIERS.find(
    (candidate) => table.tiers[candidate] === value || value.includes(`-${candidate}`),
  );
  return { tier, model: value };
}

/** Expected output size by complexity, in tokens. */
export const OUTPUT_TOKENS: Readonly<
  Record<Complexity, { readonly low: number; readonly high: number }>
> = {
  simple: { low: 200, high: 1_500 },
  moderate: { low: 1_000, high: 6_000 },
  complex: { low: 4_000, high: 20_000 },
};

/** A rough token count until the engine's tokenizer lands: about four characters per token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface CostEstimate {
  readonly inputTokens: number;
  readonly outputTokens: { readonly low: number; readonly high: number };
  readonly usd: { readonly low: number; readonly high: number };
}

/** USD for one call: the input once, and the output range expected for this complexity. */
export function estimateCost(
  model: ModelInfo | undefined,
  inputTokens: number,
  complexity: Complexity,
): CostEstimate {
  const outputTokens = OUTPUT_TOKENS[complexity];
  if (model === undefined) return { inputTokens, outputTokens, usd: { low: 0, high: 0 } };
  const long =
    model.longContext !== undefined && inputTokens > model.longContext.aboveInputTokens
      ? model.longContext.multiplier
      : 1;
  const price = (tokens: number, perMillion: number): number =>
    (tokens * perMillion * long) / 1_000_000;
  const input = price(inputTokens, model.pricing.input);
  return {
    inputTokens,
    outputTokens,
    usd: {
      low: roundUsd(input + price(outputTokens.low, model.pricing.output)),
      high: roundUsd(input + price(outputTokens.high, model.pricing.output)),
    },
  };
}

function roundUsd(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000;
}
