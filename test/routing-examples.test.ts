import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AgentRegistry } from '../src/agents/index.js';

/**
 * The bundled agents' `examples` must not leak the labelled routing tasks into the index: an
 * example that shares a fifth of its words with a labelled task would make the bench measure
 * recall of that task rather than routing.
 */
const LEAK_SIMILARITY = 0.2;
const STOP = new Set(
  'a an the to of and or in on for with is are be it this that we our my i you your do does how what why from by at as not no into'.split(
    ' ',
  ),
);

function words(text: string): Set<string> {
  return new Set(
    (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter(
      (word) => word.length > 1 && !STOP.has(word),
    ),
  );
}

function jaccard(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  return shared / (left.size + right.size - shared || 1);
}

function labelledTasks(name: string): string[] {
  const file = new URL(`../bench/routing/${name}.jsonl`, import.meta.url);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { task: string }).task); // our own data file
}

describe('bundled agent examples', () => {
  const agents = new AgentRegistry({
    projectRoot: '/nonexistent-project',
    hybridHome: '/nonexistent-home',
    claudeHome: '/nonexistent-claude',
  })
    .load()
    .agents.map((entry) => entry.definition);

  it('give every routed agent a few examples', () => {
    for (const agent of agents) expect(agent.examples.length, agent.name).toBeGreaterThanOrEqual(5);
  });

  it('are not near-paraphrases of any labelled routing task', () => {
    const tasks = [
      ...labelledTasks('bundled-tasks'),
      ...labelledTasks('bundled-heldout'),
      ...labelledTasks('wshobson-tasks'),
    ].map(words);
    const leaks = agents.flatMap((agent) =>
      agent.examples
        .filter((example) => {
          const own = words(example);
          return tasks.some((task) => jaccard(own, task) >= LEAK_SIMILARITY);
        })
        .map((example) => `${agent.name}: ${example}`),
    );
    expect(leaks).toEqual([]);
  });
});
