import { MetricsRegistry } from '../telemetry/metrics.js';
import type { Counter, Histogram } from '../telemetry/metrics.js';

/**
 * The metrics derived from recorded events, one series per project (label `project`, its
 * root), rendered at `/metrics` after the daemon's own (src/telemetry/instruments.ts). Theirs
 * count what this daemon process did since it started; these count what every process recorded
 * in each project's event log, all of its history, hence their own `claude_hybrid_project_`
 * names.
 */
export class RecordedMetrics {
  readonly registry = new MetricsRegistry();
  readonly events: Counter;
  readonly modelCalls: Counter;
  readonly modelLatency: Histogram;
  readonly tokens: Counter;
  readonly cost: Counter;
  readonly cache: Counter;
  readonly retries: Counter;
  readonly waits: Histogram;
  readonly toolCalls: Counter;
  readonly toolLatency: Histogram;
  readonly mcpCalls: Counter;
  readonly mcpLatency: Histogram;
  readonly workflows: Counter;

  constructor() {
    const registry = this.registry;
    this.events = registry.counter(
      'claude_hybrid_project_events_total',
      'Recorded events, by type',
      ['project', 'type'],
    );
    this.modelCalls = registry.counter(
      'claude_hybrid_project_model_calls_total',
      'Model calls (runs and workflow steps), by model',
      ['project', 'model'],
    );
    this.modelLatency = registry.histogram(
      'claude_hybrid_project_model_call_duration_ms',
      'Model call durations, including retries, in milliseconds',
      { labelNames: ['project'] },
    );
    this.tokens = registry.counter(
      'claude_hybrid_project_tokens_total',
      'Tokens of model calls, by model and kind (input, output, cache_read, cache_write)',
      ['project', 'model', 'kind'],
    );
    this.cost = registry.counter(
      'claude_hybrid_project_cost_usd_total',
      'Cost of model calls, US dollars',
      ['project', 'model'],
    );
    this.cache = registry.counter(
      'claude_hybrid_project_response_cache_total',
      'Model calls answered from the response cache (hit) or the model (miss)',
      ['project', 'result'],
    );
    this.retries = registry.counter(
      'claude_hybrid_project_model_call_retries_total',
      'Extra attempts model calls needed (rate limits, overloads, timeouts)',
      ['project'],
    );
    this.waits = registry.histogram(
      'claude_hybrid_project_model_call_wait_ms',
      'Time model calls that waited spent waiting (slot, rate limit, retry backoff), in milliseconds',
      { labelNames: ['project'] },
    );
    this.toolCalls = registry.counter(
      'claude_hybrid_project_tool_calls_total',
      'Claude Code tool calls, by tool and outcome (ok, failed)',
      ['project', 'tool', 'outcome'],
    );
    this.toolLatency = registry.histogram(
      'claude_hybrid_project_tool_call_duration_ms',
      'Claude Code tool call durations (PreToolUse to PostToolUse), in milliseconds',
      { labelNames: ['project'] },
    );
    this.mcpCalls = registry.counter(
      'claude_hybrid_project_mcp_calls_total',
      'MCP tool calls served, by tool and outcome (ok, failed)',
      ['project', 'tool', 'outcome'],
    );
    this.mcpLatency = registry.histogram(
      'claude_hybrid_project_mcp_call_duration_ms',
      'MCP tool call durations, in milliseconds',
      { labelNames: ['project'] },
    );
    this.workflows = registry.counter(
      'claude_hybrid_project_workflow_runs_total',
      'Workflow runs ended, by status',
      ['project', 'status'],
    );
  }
}
