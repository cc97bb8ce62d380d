import type { AgentDefinition } from '../agents/index.js';
import { HybridError } from '../errors.js';
import { Bm25Index } from './bm25-index.js';
import type {
  Bm25Hit,
  Bm25Options,
  DocumentPrior,
  FieldTerms,
  Query,
  ResolvedQuery,
  TermMatch,
} from './bm25-index.js';
import { closestNames, editDistance } from './closest-names.js';
import { copiesOf, distinctHits } from './copies.js';
import { CUE_CAP, CUE_WEIGHT, matchCues } from './intent-cues.js';
import type { CueMatch } from './intent-cues.js';
import { phraseWords } from './phrase-matcher.js';
import { matchTech } from './tech-terms.js';
import { MAX_SCORED_CHARS, terms } from './text.js';
import { PAIR_WEIGHT, pairs, withPairs } from './word-pairs.js';

export interface RouterOptions {
  /** The agent chosen when confidence is below the threshold. @default 'pm' */
  readonly defaultAgent?: string;
  /** Confidence below which the default agent is chosen, 0–1. @default 0.1 */
  readonly threshold?: number;
  /**
   * The generalist: the agent for ordinary implementation work, whose score is multiplied by
   * GENERALIST_PRIOR. Ignored when no agent has this name (say, 'none'). @default 'engineer'
   */
  readonly generalist?: string;
  /** Index tuning (field weights, k1, b). */
  readonly bm25?: Bm25Options;
}

/**
 * A generalist's description cannot list every topic it handles, while a specialist's lists the
 * words of its niche, so a task that only touches a niche ("implement the endpoint", "add a
 * retry, with tests") would go to the specialist on word overlap alone. The generalist's score
 * is scaled by this, so a specialist has to match clearly better to take the task.
 */
export const GENERALIST_PRIOR = 1.3;

/** An index built earlier for agents with these names, in this order. */
export interface PrebuiltIndex {
  readonly names: readonly string[];
  readonly index: Bm25Index;
  /** Router.copies of the router that built it; without it, no agent is a copy. */
  readonly copyOf?: readonly number[];
}

export interface RouteAlternative {
  readonly agent: string;
  readonly score: number;
}

export interface RouteDecision {
  readonly agent: string;
  /** How sure the router is, 0–1: 1 for an explicit `@agent` mention. */
  readonly confidence: number;
  /**
   * How the agent was chosen: an @mention, the index, the fallback below the threshold, or
   * `llm` when a model chose among the router's best candidates (`routing.llm: auto`, see
   * model-route.ts; Router.route() itself never answers `llm`).
   */
  readonly via: 'mention' | 'index' | 'fallback' | 'llm';
  /**
   * The best-scoring agents, best first (the chosen one included when it scored); an identical
   * copy of an agent already listed is left out.
   */
  readonly alternatives: readonly RouteAlternative[];
  /** Human-readable reasons: which terms matched in which fields, or why a fallback happened. */
  readonly reasons: readonly string[];
  readonly matches: readonly TermMatch[];
}

/**
 * A mention is `@name` after a space or at the start, not part of an email or `@scope/pkg`.
 * Names may hold "." and "_" between segments (`@powershell-5.1-expert`); a dot that ends the
 * name is the sentence's.
 */
const MENTION = /(?:^|[\s(["'`])@([a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*)(?=$|[\s,.;:!?)"'`])/i;

/**
 * Routes a task to an agent: an explicit `@agent` mention wins; otherwise the BM25F index over
 * each agent's name, keywords, description and body headings ranks them. Built once per set of
 * agents; routing a task only tokenises it and sums precomputed postings.
 */
export class Router {
  private readonly index: Bm25Index;
  private readonly names: readonly string[];
  /** For each agent, the first agent with the same description and body (see copies.ts). */
  readonly copies: readonly number[];
  private readonly byName: ReadonlySet<string>;
  private readonly defaultAgent: string;
  private readonly threshold: number;
  private readonly prior: DocumentPrior | undefined;

  /** Indexes `agents`, or adopts an index built for exactly these names, in this order. */
  constructor(agents: readonly AgentDefinition[] | PrebuiltIndex, options: RouterOptions = {}) {
    const prebuilt = 'index' in agents ? agents : undefined;
    this.names =
      prebuilt?.names ?? (agents as readonly AgentDefinition[]).map((agent) => agent.name); // not a PrebuiltIndex
    this.copies =
      prebuilt?.copyOf ??
      (prebuilt === undefined
        ? copiesOf(agents as readonly AgentDefinition[]) // not a PrebuiltIndex
        : this.names.map((_, position) => position));
    this.byName = new Set(this.names);
    this.defaultAgent = options.defaultAgent ?? 'pm';
    this.threshold = options.threshold ?? 0.1;
    const generalist = this.names.indexOf(options.generalist ?? 'engineer');
    this.prior = generalist < 0 ? undefined : { document: generalist, factor: GENERALIST_PRIOR };
    this.index =
      prebuilt?.index ??
      Bm25Index.build(
        (agents as readonly AgentDefinition[]).map(documentOf), // not a PrebuiltIndex
        options.bm25,
        this.copies,
      );
  }

  /** A router over an index loaded from the cache, for agents with these names in this order. */
  static fromIndex(
    names: readonly string[],
    options: RouterOptions,
    index: Bm25Index,
    copyOf?: readonly number[],
  ): Router {
    return new Router(copyOf === undefined ? { names, index } : { names, index, copyOf }, options);
  }

  serializeIndex(): Buffer {
    return this.index.serialize();
  }

  get agentCount(): number {
    return this.names.length;
  }

  route(task: string, options: { readonly top?: number } = {}): RouteDecision {
    if (task.trim() === '') {
      throw new HybridError('routing.empty_task', 'the task is empty', {
        hint: 'describe the task, e.g. claude-hybrid route "add tests for the parser"',
        exitCode: 2,
      });
    }
    const top = Math.max(1, options.top ?? 3);
    const mention = mentionedName(MENTION.exec(task)?.[1]?.toLowerCase(), this.byName);
    const mentioned = mention === undefined ? undefined : this.routeMention(mention, task, top);
    if (mentioned !== undefined) return mentioned;
    const built = buildQuery(task);
    const { cues } = built;
    const query = this.resolve(built);
    const hits = this.search(query, Math.max(top, 2));
    const alternatives = hits
      .slice(0, top)
      .map((hit) => ({ agent: this.names[hit.document] ?? '', score: round(hit.score) }));
    const best = hits[0];
    if (best === undefined)
      return this.fallback(0, alternatives, [], cues, 'no term of the task matches any agent');
    const confidence = calibrate(best.score, hits[1]?.score ?? 0);
    const matches = this.index.matches(query, best.document);
    const bestName = this.names[best.document] ?? '';
    if (
      confidence < this.threshold &&
      this.byName.has(this.defaultAgent) &&
      bestName !== this.defaultAgent
    ) {
      return this.fallback(
        confidence,
        alternatives,
        matches,
        cues,
        `best match ${bestName} has confidence ${confidence.toFixed(2)}, below the threshold ${this.threshold}`,
      );
    }
    return {
      agent: bestName,
      confidence,
      via: 'index',
      alternatives,
      reasons: [
        ...describeCues(cues),
        ...describeMatches(matches),
        ...(best.document === this.prior?.document
          ? [`${bestName} is the generalist: its score counts ${GENERALIST_PRIOR} times`]
          : []),
      ],
      matches,
    };
  }

  /** The query looked up in the index, technology words emphasised in agents' names. */
  private resolve(built: ReturnType<typeof buildQuery>): ResolvedQuery {
    return this.index.resolve(built.query, {
      field: 'name',
      terms: built.technologies,
      factor: TECH_IN_NAME,
    });
  }

  /** The best `limit` distinct agents (no two copies of one), best first. */
  private search(query: ResolvedQuery, limit: number): Bm25Hit[] {
    return distinctHits(
      this.index.search(query, this.names.length, this.prior),
      this.copies,
      limit,
    );
  }

  private routeMention(mention: string, task: string, top: number): RouteDecision | undefined {
    if (!this.byName.has(mention)) {
      const close = closestNames(mention, this.names);
      // "@mentions" or "@here" in prose are not addressed to an agent; "@secuirty" is.
      if (!looksLikeAgent(mention, close[0])) return undefined;
      throw new HybridError(
        'routing.unknown_agent',
        `no agent named "@${mention}"${close.length > 0 ? `; closest: ${close.join(', ')}` : ''}`,
        {
          hint: "fix the @mention, or run 'claude-hybrid agents list' to see the agents",
          exitCode: 2,
        },
      );
    }
    const alternatives = this.search(this.resolve(buildQuery(task)), top).map((hit) => ({
      agent: this.names[hit.document] ?? '',
      score: round(hit.score),
    }));
    return {
      agent: mention,
      confidence: 1,
      via: 'mention',
      alternatives,
      reasons: [`the task names @${mention} explicitly`],
      matches: [],
    };
  }

  private fallback(
    confidence: number,
    alternatives: readonly RouteAlternative[],
    matches: readonly TermMatch[],
    cues: readonly CueMatch[],
    why: string,
  ): RouteDecision {
    const target = this.byName.has(this.defaultAgent) ? this.defaultAgent : alternatives[0]?.agent;
    // Never answer with an agent that has no file: `run` would only fail later, less clearly.
    if (target === undefined)
      throw new HybridError(
        'routing.no_default_agent',
        `no agent to route to: ${why}, and routing.defaultAgent "${this.defaultAgent}" names no agent`,
        {
          hint: "set routing.defaultAgent to one of the agents ('claude-hybrid agents list'), or add that agent",
        },
      );
    return {
      agent: target,
      confidence,
      via: 'fallback',
      alternatives,
      reasons: [`${why}; falling back to ${target}`, ...describeCues(cues)],
      matches,
    };
  }
}

/**
 * The mention as written, or, when that names no agent but a shorter prefix ending before a dot
 * does, that prefix: in "ask @pm.then ..." the dot ends the name.
 */
function mentionedName(
  mention: string | undefined,
  byName: ReadonlySet<string>,
): string | undefined {
  if (mention === undefined || byName.has(mention)) return mention;
  for (let end = mention.lastIndexOf('.'); end > 0; end = mention.lastIndexOf('.', end - 1)) {
    const prefix = mention.slice(0, end);
    if (byName.has(prefix)) return prefix;
  }
  return mention;
}

/** A near miss of an agent name (a typo, a prefix), as opposed to an unrelated @word. */
function looksLikeAgent(mention: string, closest: string | undefined): boolean {
  if (closest === undefined) return false;
  if (closest.startsWith(mention) || mention.startsWith(closest)) return true;
  return editDistance(mention, closest) <= Math.max(1, Math.floor(closest.length / 4));
}

/** An agent's fields as terms; the short fields with their word pairs, each item on its own. */
function documentOf(agent: AgentDefinition): FieldTerms {
  const phrases = (items: readonly string[]): string[] =>
    items.flatMap((item) => withPairs(terms(item)));
  return {
    name: terms(agent.name),
    keywords: phrases(agent.keywords),
    description: withPairs(terms(agent.description)),
    examples: phrases(agent.examples),
    headings: terms(agent.headings.join(' ')),
    body: terms(agent.body),
  };
}

/**
 * Confidence that the best agent is right: a logistic curve over ln(1 + best score) and the
 * margin to the runner-up, fitted on the labelled wshobson tasks by bench/routing/calibrate.mjs
 * (expected calibration error 0.06 there, 0.10 on the bundled-agent tasks it never saw; the
 * previous fit scored 0.09 and 0.16 on today's index). Re-run that script after changing the
 * index or the query.
 */
export function calibrate(best: number, second: number): number {
  if (best <= 0) return 0;
  const margin = (best - second) / best;
  return round(1 / (1 + Math.exp(-(1.604 * Math.log1p(best) + 5.509 * margin - 3.286))));
}

/** What an imperative task asks for: the words after its leading verb ("add a regression test"). */
const DELIVERABLE =
  /^\s*(?:please\s+)?(?:add|write|create|build|implement|make|update|fix|set up|setup|draft|generate)\s+(?:an?\s+|the\s+|some\s+)?(.{1,60}?)(?=\s+(?:to|for|in|on|that|which|so|with|from|into|and)\b|[.,:;!?\n]|$)/i;

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
  const deliverable = DELIVERABLE.exec(bounded)?.[1];
  if (deliverable !== undefined) {
    intents.push({
      intent: 'what the task asks for',
      phrase: deliverable,
      terms: terms(deliverable),
      reason: `the task asks for "${deliverable}"`,
    });
  }
  const tech = matchTech(words);
  addCues(query, intents, CUE_WEIGHT);
  addCues(query, tech, TECH_WEIGHT);
  const cues = [...intents, ...tech];
  return { query, cues, technologies: new Set(tech.flatMap((cue) => cue.terms)) };
}

/**
 * An agent named for a technology the task uses or implies (php-pro for a Laravel job,
 * terraform-specialist for a plan error) is that technology's specialist, so a technology word
 * in an agent's name counts this many times. Other words a task shares with names ("review",
 * "debug") get no such weight: in agent sets named by role they are everyday task words.
 */
export const TECH_IN_NAME = 2;

/**
 * An identifier that gives its domain away ("define_method", "keyof", "CrashLoopBackOff") says
 * as much about the task as naming the domain would, so the domain's words count like the task's
 * own. Several triggers of one domain still add up only to CUE_CAP.
 */
const TECH_WEIGHT = 1;

function addCues(query: Map<string, number>, cues: readonly CueMatch[], weight: number): void {
  for (const cue of cues) {
    for (const term of cue.terms) {
      query.set(term, Math.min(CUE_CAP, (query.get(term) ?? 0) + weight));
    }
  }
}

function describeCues(cues: readonly CueMatch[]): string[] {
  return cues.map((cue) => cue.reason ?? `"${cue.phrase}" suggests ${cue.intent}`);
}

function describeMatches(matches: readonly TermMatch[]): string[] {
  return matches.map((match) => `"${match.term}" in ${match.fields.join(', ')}`);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
