import type { AgentDefinition } from '../agents/index.js';
import { HybridError } from '../errors.js';
import { Bm25Index } from './bm25-index.js';
import type {
  Bm25Hit,
  Bm25Options,
  DocumentPrior,
  ResolvedQuery,
  TermMatch,
} from './bm25-index.js';
import { documentsOf } from './agent-documents.js';
import { closestNames, editDistance, notFoundMessage } from './closest-names.js';
import { CONFIDENT_AT, calibrate, tellingMatches } from './confidence.js';
import { copiesOf, distinctHits } from './copies.js';
import type { CueMatch } from './intent-cues.js';
import { TECH_IN_NAME, buildQuery } from './task-query.js';

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
  /**
   * Human-readable reasons for the choice: the cues whose words speak for the chosen agent more
   * than for its rivals, which terms matched in which fields, or why a fallback happened.
   */
  readonly reasons: readonly string[];
  /**
   * What speaks against the choice: a runner-up close behind, and cues whose words point to
   * another agent ("the task asks for "tests", which points to qa, the runner-up").
   */
  readonly doubts: readonly string[];
  /** Confidence is below CONFIDENT_AT: the first choice is not one to trust blindly. */
  readonly unsure: boolean;
  /** The second-best distinct agent, when any scored. */
  readonly runnerUp: string | null;
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
        documentsOf(agents as readonly AgentDefinition[]), // not a PrebuiltIndex
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
      return this.fallback(
        0,
        alternatives,
        [],
        cues.map(describeCue),
        'no term of the task matches any agent',
      );
    const matches = this.index.matches(query, best.document);
    const confidence = calibrate(best.score, hits[1]?.score ?? 0, tellingMatches(matches));
    const bestName = this.names[best.document] ?? '';
    const runnerUp = hits[1] === undefined ? null : (this.names[hits[1].document] ?? null);
    const weighed = this.weighCues(query, hits, cues);
    if (
      confidence < this.threshold &&
      this.byName.has(this.defaultAgent) &&
      bestName !== this.defaultAgent
    ) {
      return this.fallback(
        confidence,
        alternatives,
        matches,
        [...weighed.support, ...weighed.elsewhere],
        `best match ${bestName} has confidence ${confidence.toFixed(2)}, below the threshold ${this.threshold}`,
        runnerUp,
      );
    }
    const unsure = confidence < CONFIDENT_AT;
    const second = hits[1];
    return {
      agent: bestName,
      confidence,
      via: 'index',
      alternatives,
      reasons: [
        ...weighed.support,
        ...describeMatches(matches),
        ...(best.document === this.prior?.document
          ? [`${bestName} is the generalist: its score counts ${GENERALIST_PRIOR} times`]
          : []),
      ],
      doubts: [
        ...(unsure && second !== undefined
          ? [
              `close call: ${runnerUp ?? ''}, the runner-up, scored ${round(second.score)} against ${round(best.score)}`,
            ]
          : []),
        ...weighed.elsewhere,
      ],
      unsure,
      runnerUp,
      matches,
    };
  }

  /**
   * Sorts the fired cues into those whose words add more to the chosen agent's score than to any
   * rival's among the best few (reasons) and those that add more to a rival's (doubts, naming
   * it). A cue whose words match none of them is left out: it explains nothing.
   */
  private weighCues(
    query: ResolvedQuery,
    hits: readonly Bm25Hit[],
    cues: readonly CueMatch[],
  ): { support: string[]; elsewhere: string[] } {
    const support: string[] = [];
    const elsewhere: string[] = [];
    if (cues.length === 0 || hits.length === 0) return { support, elsewhere };
    const rivals = hits.slice(0, CUE_RIVALS).map((hit) => hit.document);
    const table = this.index.contributions(
      query,
      rivals,
      new Set(cues.flatMap((cue) => cue.terms)),
    );
    for (const cue of cues) {
      const totals = rivals.map((document, slot) => {
        let sum = 0;
        for (const term of new Set(cue.terms)) sum += table.get(term)?.[slot] ?? 0;
        return document === this.prior?.document ? sum * this.prior.factor : sum;
      });
      const mine = totals[0] ?? 0;
      let rival = 0;
      for (let slot = 1; slot < totals.length; slot += 1)
        if ((totals[slot] ?? 0) > (totals[rival] ?? 0) || rival === 0) rival = slot;
      const theirs = rival === 0 ? 0 : (totals[rival] ?? 0);
      const reason = describeCue(cue);
      if (mine > 0 && mine >= theirs) support.push(reason);
      else if (theirs > 0) {
        const name = this.names[rivals[rival] ?? 0] ?? '';
        elsewhere.push(`${reason}, which points to ${name}${rival === 1 ? ', the runner-up' : ''}`);
      }
    }
    return { support, elsewhere };
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
        notFoundMessage('agent', `@${mention}`, this.names),
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
      doubts: [],
      unsure: false,
      runnerUp: null,
      matches: [],
    };
  }

  private fallback(
    confidence: number,
    alternatives: readonly RouteAlternative[],
    matches: readonly TermMatch[],
    cues: readonly string[],
    why: string,
    runnerUp: string | null = null,
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
      reasons: [`${why}; falling back to ${target}`],
      doubts: cues,
      unsure: true,
      runnerUp,
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

function describeCue(cue: CueMatch): string {
  return cue.reason ?? `"${cue.phrase}" suggests ${cue.intent}`;
}

/** How many of the best agents a cue is weighed against (the chosen one included). */
const CUE_RIVALS = 3;

function describeMatches(matches: readonly TermMatch[]): string[] {
  return matches.map((match) => `"${match.term}" in ${match.fields.join(', ')}`);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
