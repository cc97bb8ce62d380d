import type { RegistrySnapshot } from '../agents/index.js';
import {
  MODEL_CANDIDATES,
  catalogueText,
  routeOnce,
  routeWithModel,
  wantsModel,
} from '../routing/index.js';
import { planAgentRun } from './agent-run.js';
import type { AgentRunInput, AgentRunPlan } from './agent-run.js';
import type { Engine } from './engine.js';
import { routingAsk } from './routing-ask.js';

/**
 * planAgentRun, with `routing.llm: auto` (or `llmRoute: true`): when no agent is named and the
 * router is below CONFIDENT_AT, a haiku-tier model chooses among the router's best candidates
 * first (routeWithModel), through the run's provider, the resilient client and the response
 * cache; the plan then says `routedBy: 'llm'` and carries the call, whose cost the run's result
 * includes. A confident route, a named agent, or routing.llm off plan exactly as planAgentRun
 * does and call nothing. A routing call that fails is a warning, never the run's failure.
 */
export async function planRoutedRun(
  engine: Engine,
  input: AgentRunInput & {
    /** Turns `routing.llm` on (true) or off (false) for this run. @default config */
    readonly llmRoute?: boolean | undefined;
  },
  options: {
    readonly signal?: AbortSignal | undefined;
    /** Answer an identical routing request from the response cache. @default true */
    readonly cache?: boolean | undefined;
  } = {},
  snapshot: RegistrySnapshot = engine.runtime.registry.load(),
): Promise<AgentRunPlan> {
  const on = input.llmRoute ?? engine.config.routing.llm === 'auto';
  // A dry run calls nothing, the routing call included.
  if (!on || input.agent !== undefined || input.withoutProvider === true)
    return planAgentRun(engine, input, snapshot);
  const { decision } = routeOnce(
    engine.routing(snapshot.fingerprint),
    () => snapshot.agents,
    input.task,
    { top: MODEL_CANDIDATES },
  );
  if (!wantsModel(decision)) return planAgentRun(engine, input, snapshot);
  // The provider is checked first: a run without one fails as it would have, before any call.
  engine.chooseProvider(input.provider);
  const routed = await routeWithModel(decision, {
    task: input.task,
    catalogue: catalogueText(snapshot.agents.map((entry) => entry.definition)),
    model: engine.models.tiers.haiku,
    ask: routingAsk(engine, {
      provider: input.provider,
      cache: options.cache,
      signal: options.signal,
    }),
    signal: options.signal,
  });
  for (const warning of routed.warnings) engine.warn(warning);
  const plan = planAgentRun(engine, { ...input, agent: routed.agent }, snapshot);
  return { ...plan, routedBy: routed.via, routingCall: routed.routingCall };
}
