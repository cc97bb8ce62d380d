import type { Query } from './bm25-index.js';
import { CONCEPT_WEIGHT, CUE_CAP, CUE_WEIGHT, matchCues } from './intent-cues.js';
import type { CueMatch } from './intent-cues.js';
import { phraseWords } from './phrase-matcher.js';
import { matchTech } from './tech-terms.js';
import { MAX_SCORED_CHARS, terms } from './text.js';
import { PAIR_WEIGHT, pairs } from './word-pairs.js';

/** What an imperative task asks for: the words after its leading verb ("add a regression test"). */
const DELIVERABLE =
  /^\s*(?:please\s+)?(add|write|create|build|implement|make|update|fix|set up|setup|draft|generate)\s+(?:an?\s+|the\s+|some\s+)?(.{1,60}?)(?=\s+(?:to|for|in|on|that|which|so|with|from|into|and)\b|[.,:;!?\n]|$)/i;

/**
 * In an imperative task the object names the kind of work ("add tests …" is testing work, "add
 * a --json flag …" implementation) and the verb says little: every agent adds, writes and fixes.
 * The object's words count this much, the verb's DELIVERY_VERB_WEIGHT.
 */
const DELIVERABLE_WEIGHT = 1.5;
const DELIVERY_VERB_WEIGHT = 1;

/**
 * The task's own terms at weight 1 and their pairs at PAIR_WEIGHT, plus the words of the intent
 * cues and technology domains it triggers.
 */
export function buildQuery(task: string): {
  query: Query;
  cues: CueMatch[];
  /** The technology words the task uses or implies (the thesaurus's domains). */
  technologies: ReadonlySet<string>;
} {
  const bounded = task.length > MAX_SCORED_CHARS ? task.slice(0, MAX_SCORED_CHARS) : task;
  const query = new Map<string, number>();
  const own = terms(bounded);
  for (const term of own) query.set(term, 1);
  for (const pair of pairs(own)) query.set(pair, PAIR_WEIGHT);
  const words = phraseWords(bounded);
  const intents = matchCues(words);
  const delivery = DELIVERABLE.exec(bounded);
  const deliverable = delivery?.[2];
  if (deliverable !== undefined) {
    const wanted = terms(deliverable);
    for (const term of terms(delivery?.[1] ?? ''))
      if (!wanted.includes(term))
        query.set(term, Math.min(query.get(term) ?? 0, DELIVERY_VERB_WEIGHT));
    for (const term of wanted) query.set(term, Math.max(query.get(term) ?? 0, DELIVERABLE_WEIGHT));
    intents.push({
      intent: 'what the task asks for',
      kind: 'deliverable',
      phrase: deliverable,
      terms: wanted,
      reason: `the task asks for "${deliverable}"`,
    });
  }
  const tech = matchTech(words);
  addCues(
    query,
    intents.filter((cue) => cue.kind === 'intent'),
    CUE_WEIGHT,
  );
  addCues(
    query,
    intents.filter((cue) => cue.kind === 'concept'),
    CONCEPT_WEIGHT * Math.min(1, SHORT_TASK / Math.max(1, own.length)),
  );
  // A domain's first word is the technology itself (java, react); the rest are the broader
  // field it belongs to (jvm; frontend ui), which says less about which specialist to pick.
  addCues(
    query,
    tech.map((cue) => ({ ...cue, terms: cue.terms.slice(0, 1) })),
    TECH_WEIGHT,
  );
  addCues(
    query,
    tech.map((cue) => ({ ...cue, terms: cue.terms.slice(1) })),
    TECH_FIELD_WEIGHT,
  );
  const cues = [...intents, ...tech];
  const technologies = new Set<string>();
  for (const cue of tech) {
    for (const term of [...terms(cue.phrase), ...cue.terms.slice(0, 1)]) technologies.add(term);
  }
  return { query, cues, technologies };
}

/**
 * Concepts bridge the words of a short request to the words of agent descriptions; a long task
 * already uses the field's words, and its many concepts would only blur it. A concept's words
 * count in full up to this many task terms, and proportionally less beyond.
 */
const SHORT_TASK = 8;

/**
 * An agent named for a technology the task uses or implies (php-pro for a Laravel job,
 * terraform-specialist for a plan error, spring-boot-engineer for Spring) is that technology's
 * specialist, so the task's technology words and the technology they imply (not the broader
 * field: "frontend" for React) in an agent's name count this many times. Other words a task shares with names ("review",
 * "debug") get no such weight: in agent sets named by role they are everyday task words.
 */
export const TECH_IN_NAME = 2;

/**
 * An identifier that gives its domain away ("define_method", "keyof", "CrashLoopBackOff") says
 * as much about the task as naming the domain would, so the domain's words count like the task's
 * own. Several triggers of one domain still add up only to CUE_CAP.
 */
const TECH_WEIGHT = 1;
/** The weight of the broader field words a technology implies ("frontend ui" for React). */
const TECH_FIELD_WEIGHT = 0.5;

function addCues(query: Map<string, number>, cues: readonly CueMatch[], weight: number): void {
  for (const cue of cues) {
    for (const term of cue.terms) {
      query.set(term, Math.min(CUE_CAP, (query.get(term) ?? 0) + weight));
    }
  }
}
