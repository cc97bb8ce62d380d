// What an escalated run recorded: plain data, shared by the engine's run result, a workflow
// step's iteration and the library's declarations (so this file imports only Usage).
import type { Usage } from './usage.js';

/** What made an answer fail its check. */
export type EscalationReason = 'refusal' | 'max_tokens' | 'invalid_output';

/** One of the two calls of an escalated run. */
export interface EscalatedCall {
  readonly model: string;
  readonly stopReason: string | null;
  readonly usage: Usage;
  /** 0 when the answer came from the response cache. */
  readonly costUsd: number;
  readonly cached: boolean;
}

/** An answer that failed its check, and what was done about it. */
export interface RunEscalation {
  readonly reason: EscalationReason;
  /** The reason in words, e.g. "the answer was cut off at max_tokens". */
  readonly detail: string;
  /** The first call, whose answer failed the check. */
  readonly from: EscalatedCall;
  /** The tier asked next (`sonnet`, `opus`); null when there was no retry. */
  readonly tier: string | null;
  /** The retry on the next tier up; null when there was none (`skipped` says why). */
  readonly to: EscalatedCall | null;
  /** Why there was no retry (the model is the top tier, the budget); null when there was one. */
  readonly skipped: string | null;
}
