import { join } from 'node:path';
import type { AgentDefinition, AgentRegistry, ModelTier } from '../agents/index.js';
import type { LoadedConfig } from '../config/index.js';
import { loadModelTable } from '../models/index.js';
import type { ModelTable } from '../models/index.js';
import { assessComplexity } from './complexity.js';
import type { Complexity } from './complexity.js';
import { openAiCompatibleEmbeddings } from './embeddings.js';
import { estimateCost, estimateTokens, selectModel } from './model-selector.js';
import type { ModelSource } from './model-selector.js';
import { catalogueText, wantsModel } from './model-choice.js';
import { routeWithModel } from './model-route.js';
import type { AskModel } from './model-route.js';
import { rerank } from './reranker.js';
import type { RouteAlternative, RouteDecision } from './router.js';
import type { RoutingCall } from './routing-call.js';
import { routeOnce } from './router-cache.js';
import type { LoadedAgent, RouteIndexOptions } from './router-cache.js';

/** Which agent and model a task should go to, and why. */
export interface RouteExplanation {
  readonly agent: string;
  /** How sure the router is, 0–1 (1 for an @mention). */
  readonly confidence: number;
  /** `llm`: a model chose among the router's best candidates (`routing.llm: auto`). */
  readonly via: RouteDecision['via'];
  readonly alternatives: readonly RouteAlternative[];
  /** What speaks for the choice: cues and matched terms, why the fallback was taken, or what the model chose. */
  readonly reasons: readonly string[];
  /** What speaks against it: a close runner-up, cues that point to another agent. */
  readonly doubts: readonly string[];
  /** Confidence is below CONFIDENT_AT (0.8): check the runner-up too. */
  readonly unsure: boolean;
  /** The second-best agent, when any scored. */
  readonly runnerUp: string | null;
  readonly complexity: Complexity;
  readonly complexityScore: number;
  readonly complexityReasons: readonly string[];
  readonly tier: ModelTier | null;
  readonly model: string | null;
  readonly modelSource: ModelSource | null;
  readonly estimatedInputTokens: number;
  readonly expectedOutputTokens: { readonly low: number; readonly high: number };
  readonly estimatedCostUsd: { readonly low: number; readonly high: number };
  /** The model call that chose the agent (`routing.llm: auto`, router unsure); else null. */
  readonly routingCall: RoutingCall | null;
  /** What did not work but did not stop the answer (a rerank server away). */
  readonly warnings: readonly string[];
}

/** How a model is asked when the router is unsure: see routeWithModel. */
export interface LlmRouting {
  readonly ask: AskModel;
  readonly signal?: AbortSignal | undefined;
}

export interface RouteTaskInput {
  readonly task: string;
  /** How the router is set up, and the registry's fingerprint its cached index is keyed on. */
  readonly settings: RouteIndexOptions;
  /** The registry's agents; called only when the cached index is stale. */
  readonly load: () => readonly LoadedAgent[];
  readonly table: ModelTable;
  /** Config `models.agents`: a model per agent name. */
  readonly configuredModels: Readonly<Record<string, string>>;
  /** The caller's model (alias or id), above everything else. */
  readonly model?: string | undefined;
  /** How many alternatives to keep. @default 3 */
  readonly top?: number;
  /** Rerank the candidates by embedding similarity through this server. */
  readonly rerank?:
    | {
        readonly baseUrl: string;
        readonly model: string;
        readonly apiKey: string | undefined;
        readonly cacheDir: string;
        readonly weight: number;
      }
    | undefined;
  /** Ask a model when the router is below CONFIDENT_AT (`routing.llm: auto`). @default never */
  readonly llm?: LlmRouting | undefined;
}

/**
 * Routes a task and explains it: the agent (an @mention wins; else the BM25 router, optionally
 * reranked), the complexity, the model it would run on and the cost that would have. Reads no
 * agent file while the router's cached index is fresh: the agent file's size stands in for its
 * prompt in the estimate (about four characters a token either way).
 */
export async function routeTask(input: RouteTaskInput): Promise<RouteExplanation> {
  const top = input.top ?? 3;
  const routed = routeOnce(input.settings, input.load, input.task, { top: Math.max(top, 8) });
  const { agents } = routed;
  let decision = routed.decision;
  const warnings: string[] = [];
  if (input.rerank !== undefined) {
    const { rerank: settings } = input;
    try {
      const definitions: AgentDefinition[] = input.load().map((entry) => entry.definition);
      decision = await rerank(decision, input.task, definitions, {
        provider: openAiCompatibleEmbeddings({
          baseUrl: settings.baseUrl,
          model: settings.model,
          apiKey: settings.apiKey,
        }),
        cacheDir: settings.cacheDir,
        weight: settings.weight,
      });
    } catch (error) {
      // Rerank improves a working router; when the server is away, route without it and say so.
      warnings.push(`rerank skipped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  let routingCall: RoutingCall | null = null;
  if (input.llm !== undefined && wantsModel(decision)) {
    const routed = await routeWithModel(decision, {
      task: input.task,
      catalogue: catalogueText(input.load().map((entry) => entry.definition)),
      model: input.table.tiers.haiku,
      ask: input.llm.ask,
      signal: input.llm.signal,
    });
    decision = { ...decision, agent: routed.agent, via: routed.via, reasons: routed.reasons };
    routingCall = routed.routingCall;
    warnings.push(...routed.warnings);
  }
  const assessment = assessComplexity(input.task);
  const agent = agents.find((candidate) => candidate.name === decision.agent);
  const choice =
    agent === undefined
      ? undefined
      : selectModel(
          {
            agent,
            complexity: assessment.complexity,
            flag: input.model,
            configured: input.configuredModels[agent.name],
          },
          input.table,
        );
  const inputTokens = Math.ceil((agent?.size ?? 0) / 4) + estimateTokens(input.task);
  const cost = estimateCost(
    choice === undefined ? undefined : input.table.models[choice.model],
    inputTokens,
    assessment.complexity,
  );
  return {
    agent: decision.agent,
    confidence: decision.confidence,
    via: decision.via,
    alternatives: decision.alternatives.slice(0, top),
    reasons: decision.reasons,
    doubts: decision.doubts,
    unsure: decision.unsure,
    runnerUp: decision.runnerUp,
    complexity: assessment.complexity,
    complexityScore: assessment.score,
    complexityReasons: assessment.reasons,
    tier: choice?.tier ?? null,
    model: choice?.model ?? null,
    modelSource: choice?.source ?? null,
    estimatedInputTokens: cost.inputTokens,
    expectedOutputTokens: cost.outputTokens,
    estimatedCostUsd: cost.usd,
    routingCall,
    warnings,
  };
}

/** What routing needs of a project: its config and its agents. */
export interface RoutingProject {
  readonly loaded: LoadedConfig;
  readonly registry: AgentRegistry;
  /** Where OPENAI_API_KEY is read for the rerank server. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** `routeTask` set up from a project's config: router settings, model table, rerank server. */
export function routeInProject(
  project: RoutingProject,
  request: {
    readonly task: string;
    readonly top?: number | undefined;
    readonly model?: string | undefined;
    /** Ask a model when the router is unsure; whether it does is `llmRoute`, else config. */
    readonly ask?: AskModel | undefined;
    /** Turns `routing.llm` on (true) or off (false) for this call. @default config */
    readonly llmRoute?: boolean | undefined;
    readonly signal?: AbortSignal | undefined;
  },
): Promise<RouteExplanation> {
  const { loaded, registry } = project;
  const { config, hybridHome } = loaded;
  const llmOn = request.llmRoute ?? config.routing.llm === 'auto';
  return routeTask({
    task: request.task,
    settings: {
      defaultAgent: config.routing.defaultAgent,
      threshold: config.routing.threshold,
      generalist: config.routing.generalist,
      fingerprint: registry.stamp(),
      cacheDir: config.agents.cache ? join(hybridHome, 'cache', 'routing') : undefined,
    },
    load: () => registry.load().agents,
    table: loadModelTable(config.models.table, loaded.projectRoot),
    configuredModels: config.models.agents,
    model: request.model,
    ...(request.top === undefined ? {} : { top: request.top }),
    rerank: config.routing.rerank
      ? {
          baseUrl: config.routing.embeddingsUrl,
          model: config.routing.embeddingsModel,
          apiKey: project.env.OPENAI_API_KEY,
          cacheDir: join(hybridHome, 'cache', 'embeddings'),
          weight: config.routing.rerankWeight,
        }
      : undefined,
    llm:
      llmOn && request.ask !== undefined ? { ask: request.ask, signal: request.signal } : undefined,
  });
}
