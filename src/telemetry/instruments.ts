import type { Counter, Histogram, MetricsRegistry } from './metrics.js';
import { metrics } from './metrics.js';

/**
 * Every metric Claude Hybrid records, declared in one place (docs/telemetry.md lists them).
 * Declared on first use in the process-wide registry and kept, so recording is one Map lookup.
 */
export interface Instruments {
  /** Hook events the daemon handled, by event; the latency from request to answer. */
  readonly hookDuration: Histogram;
  readonly hooks: Counter;
  /** Claude Code tool calls (Pre/Post pairs) by tool: duration and failures. */
  readonly toolCallDuration: Histogram;
  readonly toolCallFailures: Counter;
  /** MCP tool calls by tool: duration, calls and failures (tool errors). */
  readonly mcpToolDuration: Histogram;
  readonly mcpToolCalls: Counter;
  readonly mcpToolFailures: Counter;
  /**
   * Model calls (not cache hits) by model: duration, attempts, retries, failures, and the time
   * each call waited (for a slot, the rate limiter, or between attempts).
   */
  readonly modelCallDuration: Histogram;
  readonly modelCalls: Counter;
  readonly modelCallAttempts: Counter;
  readonly modelCallRetries: Counter;
  readonly modelCallFailures: Counter;
  readonly modelCallWait: Histogram;
  /** Response cache lookups by result (hit, miss). */
  readonly responseCache: Counter;
}

let cached: { readonly registry: MetricsRegistry; readonly instruments: Instruments } | undefined;

export function instruments(): Instruments {
  const registry = metrics();
  if (cached?.registry === registry) return cached.instruments;
  const declared: Instruments = {
    hookDuration: registry.histogram(
      'claude_hybrid_hook_duration_ms',
      'Time the daemon took to handle a Claude Code hook event, in milliseconds.',
      { labelNames: ['event'] },
    ),
    hooks: registry.counter(
      'claude_hybrid_hooks_total',
      'Claude Code hook events the daemon handled.',
      ['event'],
    ),
    toolCallDuration: registry.histogram(
      'claude_hybrid_tool_call_duration_ms',
      'Claude Code tool calls, from PreToolUse to PostToolUse(Failure), in milliseconds.',
      { labelNames: ['tool'] },
    ),
    toolCallFailures: registry.counter(
      'claude_hybrid_tool_call_failures_total',
      'Claude Code tool calls that ended in PostToolUseFailure.',
      ['tool'],
    ),
    mcpToolDuration: registry.histogram(
      'claude_hybrid_mcp_tool_duration_ms',
      'MCP tool calls served, in milliseconds.',
      { labelNames: ['tool'] },
    ),
    mcpToolCalls: registry.counter('claude_hybrid_mcp_tool_calls_total', 'MCP tool calls served.', [
      'tool',
    ]),
    mcpToolFailures: registry.counter(
      'claude_hybrid_mcp_tool_failures_total',
      'MCP tool calls that answered with a tool error.',
      ['tool'],
    ),
    modelCallDuration: registry.histogram(
      'claude_hybrid_model_call_duration_ms',
      'Model calls through the resilient client, retries and waits included, in milliseconds.',
      { labelNames: ['model'] },
    ),
    modelCalls: registry.counter(
      'claude_hybrid_model_calls_total',
      'Model calls made (cache hits excluded).',
      ['model'],
    ),
    modelCallAttempts: registry.counter(
      'claude_hybrid_model_call_attempts_total',
      'Attempts of model calls, the first included.',
      ['model'],
    ),
    modelCallRetries: registry.counter(
      'claude_hybrid_model_call_retries_total',
      'Attempts of model calls after the first.',
      ['model'],
    ),
    modelCallFailures: registry.counter(
      'claude_hybrid_model_call_failures_total',
      'Model calls that failed after their last attempt (or were aborted).',
      ['model'],
    ),
    modelCallWait: registry.histogram(
      'claude_hybrid_model_call_wait_ms',
      'Time model calls waited for a slot, the rate limiter or a retry, in milliseconds.',
      { labelNames: ['model'] },
    ),
    responseCache: registry.counter(
      'claude_hybrid_response_cache_total',
      'Response cache lookups of model calls, by result: hit or miss.',
      ['result'],
    ),
  };
  cached = { registry, instruments: declared };
  return declared;
}
