import { isHybridError } from '../errors.js';
import type { ModelRequest } from '../llm/types.js';
import type { Usage } from '../models/usage.js';
import { CONFIDENT_AT } from './confidence.js';
import { MODEL_CANDIDATES, choiceRequest, readChoice } from './model-choice.js';
import type { RouteDecision } from './router.js';
import type { RoutingCall } from './routing-call.js';

/** A routing request's answer and what the call cost, as the engine's client reports it. */
export interface ModelAnswer {
  readonly text: string;
  /** The model that answered, as the provider named it. */
  readonly model: string;
  readonly provider: string;
  readonly usage: Usage;
  readonly costUsd: number;
  readonly cached: boolean;
  /** True when the sim provider answered: a simulation, never a choice. */
  readonly simulated: boolean;
  readonly durationMs: number;
}

/** Sends a routing request through the engine (its client, response cache and cost). */
export type AskModel = (request: ModelRequest) => Promise<ModelAnswer>;

/** A decision after the model was asked: its choice, or the router's with the reason kept. */
export interface ModelRouted {
  readonly agent: string;
  readonly via: RouteDecision['via'];
  readonly reasons: readonly string[];
  /** The call made, null when none was (it failed before answering). */
  readonly routingCall: RoutingCall | null;
  /** What went wrong without stopping the route (the call failed). */
  readonly warnings: readonly string[];
}

/** The longest answer kept in RoutingCall.answer: a name, or the start of a refused sentence. */
const ANSWER_CHARS = 200;

/**
 * Asks a model to choose among the router's best candidates (at most MODEL_CANDIDATES): the
 * decision then says `via: 'llm'` and keeps the router's alternatives. An answer that names no
 * candidate, a simulated answer, or a call that fails keeps the router's choice, and the reasons
 * or warnings say why: routing never fails because the model could not help. Only the caller's
 * abort is rethrown.
 */
export async function routeWithModel(
  decision: Pick<RouteDecision, 'agent' | 'confidence' | 'via' | 'alternatives' | 'reasons'>,
  input: {
    readonly task: string;
    /** catalogueText() of the project's agents: the cached prefix. */
    readonly catalogue: string;
    /** The model table's haiku tier. */
    readonly model: string;
    readonly ask: AskModel;
    readonly signal?: AbortSignal | undefined;
  },
): Promise<ModelRouted> {
  const candidates = decision.alternatives
    .slice(0, MODEL_CANDIDATES)
    .map((alternative) => alternative.agent);
  const request = choiceRequest({
    task: input.task,
    candidates,
    catalogue: input.catalogue,
    model: input.model,
  });
  const kept = (why: string): readonly string[] => [
    `${why}; kept the router's choice ${decision.agent}`,
    ...decision.reasons,
  ];
  let answer: ModelAnswer;
  try {
    answer = await input.ask(request);
  } catch (error) {
    if (input.signal?.aborted === true) throw error;
    const what = isHybridError(error)
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
    return {
      agent: decision.agent,
      via: decision.via,
      reasons: kept('the routing call failed'),
      routingCall: null,
      warnings: [`llm routing skipped: ${what}`],
    };
  }
  const text = answer.text.trim();
  const shown = text.replace(/\s+/g, ' ');
  const routingCall: RoutingCall = {
    model: answer.model,
    provider: answer.provider,
    candidates,
    answer: shown.length > ANSWER_CHARS ? shown.slice(0, ANSWER_CHARS) : shown,
    usage: answer.usage,
    costUsd: answer.costUsd,
    cached: answer.cached,
    durationMs: answer.durationMs,
  };
  const unchanged = (why: string): ModelRouted => ({
    agent: decision.agent,
    via: decision.via,
    reasons: kept(why),
    routingCall,
    warnings: [],
  });
  if (answer.simulated)
    return unchanged('the sim provider simulates answers and does not choose among agents');
  const choice = readChoice(text, candidates);
  if ('problem' in choice) return unchanged(choice.problem);
  const ranked = candidates.indexOf(choice.agent) + 1;
  return {
    agent: choice.agent,
    via: 'llm',
    reasons: [
      `${answer.model} chose ${choice.agent} among ${candidates.join(', ')} (the router's confidence ${decision.confidence.toFixed(2)} is below ${CONFIDENT_AT})`,
      choice.agent === decision.agent
        ? `the router ranked ${choice.agent} first too`
        : `the router ranked ${choice.agent} #${ranked} and chose ${decision.agent}`,
      ...decision.reasons,
    ],
    routingCall,
    warnings: [],
  };
}
