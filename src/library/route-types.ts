/** The library's routing types: what `hybrid.route()` takes and answers. */
import type { RoutingCall } from '../routing/routing-call.js';

export interface RouteOptions {
  /** How many ranked alternatives to return. @default 3 */
  readonly top?: number;
  /** A model alias or id to use whatever the agent or task. */
  readonly model?: string;
  /**
   * Let a haiku-tier model choose among the router's 8 best candidates when the router is less
   * sure than 0.8 (true), or never (false: no network). The call goes through the hybrid's
   * provider (anthropic, or sim offline); `routingCall` reports it. @default config `routing.llm` (off)
   */
  readonly llmRoute?: boolean;
}

/** Which agent and model a task should go to, and why. */
export interface RouteResult {
  readonly agent: string;
  /** How sure the router is, 0–1 (1 for an @mention). */
  readonly confidence: number;
  /** `llm`: a model chose among the router's best candidates (see `routingCall`). */
  readonly via: 'mention' | 'index' | 'fallback' | 'llm';
  /** The best-scoring agents, best first, with their scores. */
  readonly alternatives: readonly { readonly agent: string; readonly score: number }[];
  /** What speaks for the choice: cues and matched terms, or why the fallback was taken. */
  readonly reasons: readonly string[];
  /** What speaks against it: a close runner-up, cues that point to another agent. */
  readonly doubts: readonly string[];
  /** Confidence is below CONFIDENT_AT (0.8): check the runner-up too. */
  readonly unsure: boolean;
  /** The second-best agent, when any scored. */
  readonly runnerUp: string | null;
  readonly complexity: 'simple' | 'moderate' | 'complex';
  readonly complexityScore: number;
  readonly complexityReasons: readonly string[];
  readonly tier: 'haiku' | 'sonnet' | 'opus' | null;
  readonly model: string | null;
  /** Where the model came from: the caller, config, the agent file or the complexity tier. */
  readonly modelSource: 'flag' | 'config' | 'agent' | 'classifier' | null;
  readonly estimatedInputTokens: number;
  readonly expectedOutputTokens: { readonly low: number; readonly high: number };
  readonly estimatedCostUsd: { readonly low: number; readonly high: number };
  /** The model call that chose the agent (`llmRoute`, router unsure): model, usage, cost; else null. */
  readonly routingCall: RoutingCall | null;
  /** What did not work but did not stop the answer (a rerank server away). */
  readonly warnings: readonly string[];
}
