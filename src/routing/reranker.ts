import { join } from 'node:path';
import type { AgentDefinition } from '../agents/index.js';
import { fastHashHex, readCacheFile, writeCacheFile } from '../files/index.js';
import { cosine } from './embeddings.js';
import type { EmbeddingsProvider } from './embeddings.js';
import type { RouteDecision } from './router.js';

export interface RerankOptions {
  readonly provider: EmbeddingsProvider;
  /** Where agent vectors are kept, keyed by provider and content hash. Omit to keep none. */
  readonly cacheDir?: string | undefined;
  /** Share of the final score from semantic similarity, 0–1. @default 0.5 */
  readonly weight?: number;
  /** How many top BM25 candidates are reranked. @default 8 */
  readonly candidates?: number;
  readonly signal?: AbortSignal;
}

/** The text an agent is embedded from: what it is for, not its whole prompt. */
function agentText(agent: AgentDefinition): string {
  return `${agent.name}: ${agent.description}\nKeywords: ${agent.keywords.join(', ')}`;
}

/**
 * Reorders the router's best candidates by mixing their BM25 score (scaled to the best one)
 * with the cosine similarity of task and agent embeddings. Agent vectors are cached on disk by
 * a hash of the provider and the embedded text, so a changed agent is embedded again and an
 * unchanged one never is. An explicit @mention is left alone.
 */
export async function rerank(
  decision: RouteDecision,
  task: string,
  agents: readonly AgentDefinition[],
  options: RerankOptions,
): Promise<RouteDecision> {
  if (decision.via === 'mention' || decision.alternatives.length < 2) return decision;
  const weight = options.weight ?? 0.5;
  const byName = new Map(agents.map((agent) => [agent.name, agent]));
  const candidates = decision.alternatives
    .slice(0, options.candidates ?? 8)
    .filter((alternative) => byName.has(alternative.agent));
  const texts = candidates.map((candidate) =>
    agentText(byName.get(candidate.agent) as AgentDefinition),
  ); // filtered to known names above
  const keys = texts.map((text) => fastHashHex(`${options.provider.id}\n${text}`));
  const cacheFile =
    options.cacheDir === undefined
      ? undefined
      : join(options.cacheDir, `${fastHashHex(options.provider.id)}.json`);
  const stored = (cacheFile === undefined ? undefined : readCacheFile(cacheFile)) as
    Record<string, number[]> | null | undefined; // entries checked on use
  const cache: Record<string, number[]> =
    stored !== null && typeof stored === 'object' ? { ...stored } : {};
  const missing = keys
    .map((key, index) => (Array.isArray(cache[key]) ? -1 : index))
    .filter((index) => index >= 0);
  const fresh = await options.provider.embed(
    [task.slice(0, 8_000), ...missing.map((index) => texts[index] ?? '')],
    options.signal,
  );
  const taskVector = fresh[0] ?? [];
  missing.forEach((index, position) => {
    cache[keys[index] ?? ''] = fresh[position + 1] ?? [];
  });
  if (missing.length > 0 && cacheFile !== undefined) writeCacheFile(cacheFile, cache);
  const best = candidates[0]?.score ?? 1;
  const rescored = candidates
    .map((candidate, index) => {
      const similarity = cosine(taskVector, cache[keys[index] ?? ''] ?? []);
      const lexical = best > 0 ? candidate.score / best : 0;
      return {
        agent: candidate.agent,
        score: Math.round(((1 - weight) * lexical + weight * similarity) * 1000) / 1000,
        similarity,
      };
    })
    .sort((left, right) => right.score - left.score);
  const top = rescored[0];
  if (top === undefined) return decision;
  const reason = `semantic rerank over ${rescored.length} candidates: similarity ${top.similarity.toFixed(2)} to ${top.agent}`;
  const alternatives = rescored.map(({ agent, score }) => ({ agent, score }));
  if (decision.via === 'fallback')
    return { ...decision, alternatives, reasons: [...decision.reasons, reason] };
  return { ...decision, agent: top.agent, alternatives, reasons: [...decision.reasons, reason] };
}
