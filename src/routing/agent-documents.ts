import type { AgentDefinition } from '../agents/index.js';
import type { FieldTerms } from './bm25-index.js';
import { terms } from './text.js';
import { withPairs } from './word-pairs.js';

/** Each agent's fields as terms, its prompt without the lines about other agents' work. */
export function documentsOf(agents: readonly AgentDefinition[]): FieldTerms[] {
  const names = new Set(agents.map((agent) => agent.name.toLowerCase()));
  return agents.map((agent) => documentOf(agent, names));
}

/** A word that may be an agent's name: `qa-expert`, `@security`, `` `engineer` ``. */
const NAME_LIKE = /(`|@)?([a-z0-9][a-z0-9._-]*[a-z0-9])`?/g;

/**
 * Whether a prompt line names another agent of the set: "Collaborate with qa-expert on test
 * strategy", "hand the fix to `engineer`". Such a line describes the other agent's work, so its
 * words would pull that agent's tasks here. A name with a hyphen counts as written; a one-word
 * name ("performance") is an everyday word, so it counts only quoted or @-mentioned.
 */
function namesAnother(line: string, self: string, names: ReadonlySet<string>): boolean {
  for (const match of line.toLowerCase().matchAll(NAME_LIKE)) {
    const word = match[2] ?? '';
    if (word === self || !names.has(word)) continue;
    if (word.includes('-') || match[1] !== undefined) return true;
  }
  return false;
}

/** An agent's fields as terms; the short fields with their word pairs, each item on its own. */
function documentOf(agent: AgentDefinition, names: ReadonlySet<string>): FieldTerms {
  const phrases = (items: readonly string[]): string[] =>
    items.flatMap((item) => withPairs(terms(item)));
  const self = agent.name.toLowerCase();
  const own = agent.body
    .split('\n')
    .filter((line) => !namesAnother(line, self, names))
    .join('\n');
  return {
    name: terms(agent.name),
    keywords: phrases(agent.keywords),
    description: withPairs(terms(agent.description)),
    examples: phrases(agent.examples),
    headings: terms(agent.headings.join(' ')),
    body: terms(own),
  };
}
