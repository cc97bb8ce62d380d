import type { ModelRequest } from '../llm/types.js';
import { CONFIDENT_AT } from './confidence.js';
import { MAX_SCORED_CHARS } from './text.js';

/** How many of the router's best candidates the model chooses among. */
export const MODEL_CANDIDATES = 8;

/**
 * Output tokens a choice may take: one agent name (the longest bundled or wshobson name is
 * under 10 tokens). A model that starts explaining is cut off and its answer refused.
 */
const CHOICE_TOKENS = 32;

/** Characters of an agent's description the catalogue keeps: a paragraph says who it is. */
const DESCRIPTION_CHARS = 600;

/** An agent as the model sees it in the catalogue. */
export interface CatalogueEntry {
  readonly name: string;
  readonly description: string;
}

/** What the router decided, as far as asking a model needs. */
export interface ChoiceBasis {
  readonly via: string;
  readonly confidence: number;
  readonly alternatives: readonly { readonly agent: string }[];
}

/**
 * Whether a model should choose: the router is below CONFIDENT_AT on its own ranking (an
 * @mention is the caller's choice, never second-guessed) and there is more than one candidate.
 */
export function wantsModel(decision: ChoiceBasis): boolean {
  return (
    decision.via !== 'mention' &&
    decision.confidence < CONFIDENT_AT &&
    decision.alternatives.length > 1
  );
}

const INSTRUCTIONS = [
  'You route software tasks to the agent best suited to do them.',
  'The agents, one per line as "name: description":',
].join('\n');

/**
 * The catalogue text: every agent, sorted by name, so the prefix is byte-identical from call to
 * call whatever order the registry scanned files in, and the provider's prompt cache can serve
 * it. Duplicate names (a project agent over a bundled one) appear once.
 */
export function catalogueText(catalogue: readonly CatalogueEntry[]): string {
  const byName = new Map<string, string>();
  for (const entry of catalogue)
    if (!byName.has(entry.name)) byName.set(entry.name, oneLine(entry.description));
  const lines = [...byName.keys()]
    .sort()
    .map((name) => `${name}: ${byName.get(name) ?? ''}`.trimEnd());
  return `${INSTRUCTIONS}\n${lines.join('\n')}`;
}

/**
 * The routing request: the catalogue as a cached system block (the same for every task), then
 * the task and its candidates as the user turn, with a strict answer format (one name only).
 */
export function choiceRequest(input: {
  readonly task: string;
  readonly candidates: readonly string[];
  /** catalogueText() of the project's agents. */
  readonly catalogue: string;
  readonly model: string;
}): ModelRequest {
  const task =
    input.task.length > MAX_SCORED_CHARS ? input.task.slice(0, MAX_SCORED_CHARS) : input.task;
  return {
    model: input.model,
    system: [{ text: input.catalogue, cache: true }],
    messages: [
      {
        role: 'user',
        content:
          `<task>\n${task}\n</task>\n\n` +
          `Candidates: ${input.candidates.join(', ')}\n\n` +
          'Which one candidate should do this task? Answer with the candidate name only, exactly as written above, and nothing else.',
      },
    ],
    maxTokens: CHOICE_TOKENS,
    temperature: 0,
  };
}

/**
 * The candidate a model's answer names, or why it names none. Tolerates what models add around
 * a name (quotes, backticks, a trailing full stop, an @, different case) and nothing more: a
 * sentence, or a name outside the candidates, is refused.
 */
export function readChoice(
  answer: string,
  candidates: readonly string[],
): { readonly agent: string } | { readonly problem: string } {
  const name = answer
    .trim()
    .replace(/^[`'"*@\s]+|[`'"*.\s]+$/g, '')
    .toLowerCase();
  const agent = candidates.find((candidate) => candidate.toLowerCase() === name);
  if (agent !== undefined) return { agent };
  const shown = answer.trim().replace(/\s+/g, ' ');
  return {
    problem:
      shown === ''
        ? 'the model gave no answer'
        : `the model answered "${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}", which is not one of the candidates`,
  };
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > DESCRIPTION_CHARS ? `${flat.slice(0, DESCRIPTION_CHARS - 3)}...` : flat;
}
