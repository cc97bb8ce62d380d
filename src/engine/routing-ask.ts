import { HybridError } from '../errors.js';
import type { AskModel } from '../routing/index.js';
import type { Engine } from './engine.js';
import type { ProviderName } from './provider-choice.js';
import { runTask } from './run-task.js';

/**
 * The providers a routing call can go to: the Messages API (the catalogue prefix is
 * prompt-cached there) and sim (offline: it simulates, so the router's choice is kept). Claude
 * Code runs whole agent sessions and an OpenAI-compatible server has no haiku tier.
 */
const ROUTING_PROVIDERS: ReadonlySet<ProviderName> = new Set([
  'anthropic',
  'bedrock',
  'vertex',
  'sim',
]);

/**
 * Sends routing requests the way runs are sent: the provider the run would use (the caller's,
 * else config, else the environment), the process's resilient client for it (rate limits,
 * retries, breaker) and the response cache, with the exact cost from the reported usage. The
 * provider is chosen on the first request, so a confident route never resolves one.
 */
export function routingAsk(
  engine: Engine,
  options: {
    /** The provider by name. @default config `engine.provider`, else the environment */
    readonly provider?: string | undefined;
    /** Answer identical routing requests from the response cache. @default true */
    readonly cache?: boolean | undefined;
    readonly signal?: AbortSignal | undefined;
  } = {},
): AskModel {
  return async (request) => {
    const { name } = engine.chooseProvider(options.provider);
    if (!ROUTING_PROVIDERS.has(name))
      throw new HybridError(
        'routing.llm_unavailable',
        `the ${name} provider cannot take the routing call; routing.llm needs anthropic, bedrock or vertex (or sim)`,
        {
          exitCode: 2,
          hint: 'set ANTHROPIC_API_KEY and pass --provider anthropic, or set routing.llm: off',
        },
      );
    const modelInfo = engine.models.models[request.model];
    if (modelInfo === undefined)
      // The table's tiers are checked to name priced models when it is loaded.
      throw new HybridError('models.invalid', `no model "${request.model}" in the model table`, {
        hint: 'fix the model table: the haiku tier must name a model with pricing',
      });
    const result = await runTask({
      provider: engine.provider(name, []),
      client: engine.client(name),
      request,
      model: modelInfo,
      cache: options.cache === false ? undefined : engine.responseCache(),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return {
      text: result.response.text,
      model: result.response.model,
      provider: name,
      usage: result.usage,
      costUsd: result.costUsd,
      cached: result.cached,
      simulated: result.simulated,
      durationMs: result.durationMs,
    };
  };
}
