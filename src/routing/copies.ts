/**
 * Agent collections ship the same agent under several names (one prompt copied into several
 * plugins). Copies score alike, so without this they crowd a task's alternatives with one agent.
 * Agents are copies when their descriptions and bodies are identical.
 */
import type { AgentDefinition } from '../agents/index.js';

/** For each agent, the position of the first agent it is a copy of (its own when none). */
export function copiesOf(agents: readonly AgentDefinition[]): number[] {
  const first = new Map<string, number>();
  return agents.map((agent, position) => {
    const key = `${agent.description}\0${agent.body}`;
    const earlier = first.get(key);
    if (earlier !== undefined) return earlier;
    first.set(key, position);
    return position;
  });
}

/** The first `limit` of `hits` (best first) with no two from the same group of copies. */
export function distinctHits<Hit extends { readonly document: number }>(
  hits: readonly Hit[],
  copyOf: readonly number[],
  limit: number,
): Hit[] {
  const kept: Hit[] = [];
  const seen = new Set<number>();
  for (const hit of hits) {
    if (kept.length >= limit) break;
    const group = copyOf[hit.document] ?? hit.document;
    if (seen.has(group)) continue;
    seen.add(group);
    kept.push(hit);
  }
  return kept;
}
