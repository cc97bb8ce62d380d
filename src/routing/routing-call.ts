import type { Usage } from '../models/usage.js';

/**
 * The model call that chose an agent when the router was unsure (`routing.llm: auto`): which
 * model answered, among which candidates, with what, and what it cost. Plain data that imports
 * only Usage, so the library's published declarations can name it.
 */
export interface RoutingCall {
  /** The haiku-tier model asked. */
  readonly model: string;
  readonly provider: string;
  /** The router's best candidates the model chose among, best first. */
  readonly candidates: readonly string[];
  /** The model's answer on one line (whitespace collapsed), at most 200 characters. */
  readonly answer: string;
  readonly usage: Usage;
  /** Exact cost from the reported usage; 0 for a cached or simulated answer. */
  readonly costUsd: number;
  /** True when the response cache answered (no call was made). */
  readonly cached: boolean;
  readonly durationMs: number;
}
