import type { RunEscalation } from '../models/escalation.js';
import type { Usage } from '../models/usage.js';
import type { RoutingCall } from '../routing/routing-call.js';

export type { EscalatedCall, EscalationReason, RunEscalation } from '../models/escalation.js';

/**
 * What an agent run produced and what it cost: the engine's result and the library's, plain
 * data. This file imports only Usage, RoutingCall and RunEscalation (which import nothing
 * else), so the library's published declarations can name it.
 */
export interface RunResult {
  readonly runId: string;
  readonly agent: string;
  /** The model that answered, as the provider named it. */
  readonly model: string;
  readonly provider: string;
  readonly output: string;
  readonly stopReason: string | null;
  /** The agent's call (the routing call's usage is in `routing`). */
  readonly usage: Usage;
  /**
   * Exact cost from the reported usage, the routing call's included; 0 for simulated, cached
   * and coalesced answers.
   */
  readonly costUsd: number;
  /** The model call that chose the agent (`routing.llm: auto`, router unsure); absent if none. */
  readonly routing?: RoutingCall;
  /** True when the answer came from the response cache (no call was made). */
  readonly cached: boolean;
  /** True when the sim provider answered (no model was called). */
  readonly simulated: boolean;
  readonly durationMs: number;
  readonly attempts: number;
  /**
   * Milliseconds the call waited rather than attempted: for a concurrency slot, for the rate
   * limiter, and asleep between attempts (backoff or retry-after). 0 for a cached answer.
   */
  readonly waitedMs: number;
  readonly promptTokens: number;
  readonly recalledMemories: number;
  /** Learnings from the answer kept in memory. */
  readonly remembered: number;
  /**
   * With `escalate` on, the answer that failed its check (a refusal, a cut-off at max_tokens, an
   * output that does not match the step's schema) and the retry on the next tier up. `model`,
   * `output` and `stopReason` above are then the retry's, and `usage`, `costUsd`, `attempts`,
   * `durationMs` and `waitedMs` the totals of both calls. Null when nothing failed a check, or
   * escalation was off.
   */
  readonly escalation: RunEscalation | null;
}
