/**
 * Claude Code tool calls, paired Pre→Post by the daemon (`tool.completed`): per tool, the calls,
 * failures and a latency histogram; the slowest calls and the newest failures, each kept to a
 * fixed number so the book's size does not grow with the log.
 */
import type { Histogram, MetricsRegistry } from '../telemetry/metrics.js';
import type { ToolCall, ToolStats, ToolsAnswer } from './api-types.js';

/** How many slowest calls and newest failures are kept. */
const KEEP = 50;
/** PreToolUse details kept while their Post is awaited; older ones are dropped first. */
const MAX_DETAILS = 5_000;

/** A paired call as its `tool.completed` event tells it; `detail` comes from its PreToolUse. */
export type ToolCallRecord = Omit<ToolCall, 'detail'>;

interface ToolTotals {
  calls: number;
  failures: number;
}

export class ToolBook {
  private readonly totals = new Map<string, ToolTotals>();
  private readonly latency: Histogram;
  /** Slowest first, at most KEEP. */
  private slowest: ToolCall[] = [];
  /** Newest last, at most KEEP. */
  private readonly failures: ToolCall[] = [];
  /** toolUseId -> what the call was about, from its PreToolUse. */
  private readonly details = new Map<string, string>();

  constructor(registry: MetricsRegistry) {
    this.latency = registry.histogram('tool_call_duration_ms', 'Tool call durations', {
      labelNames: ['tool'],
    });
  }

  /** A PreToolUse: remembers what the call is about until its Post arrives. */
  started(toolUseId: string, detail: string): void {
    if (detail === '') return;
    if (this.details.size >= MAX_DETAILS) {
      const oldest = this.details.keys().next().value;
      if (oldest !== undefined) this.details.delete(oldest);
    }
    this.details.set(toolUseId, detail);
  }

  completed(record: ToolCallRecord): void {
    let totals = this.totals.get(record.toolName);
    if (totals === undefined)
      this.totals.set(record.toolName, (totals = { calls: 0, failures: 0 }));
    totals.calls += 1;
    if (record.failed) totals.failures += 1;
    this.latency.observe(record.durationMs, { tool: record.toolName });
    const detail = this.details.get(record.toolUseId) ?? '';
    this.details.delete(record.toolUseId);
    const call: ToolCall = { ...record, detail };
    const last = this.slowest.at(-1);
    if (this.slowest.length < KEEP || (last !== undefined && call.durationMs > last.durationMs)) {
      const at = this.slowest.findIndex((each) => each.durationMs < call.durationMs);
      if (at === -1) this.slowest.push(call);
      else this.slowest.splice(at, 0, call);
      if (this.slowest.length > KEEP) this.slowest.pop();
    }
    if (record.failed) {
      this.failures.push(call);
      if (this.failures.length > KEEP) this.failures.shift();
    }
  }

  /** Every call's latency, over all tools. */
  summary(): ToolStats['latency'] {
    return this.latency.summary();
  }

  answer(): ToolsAnswer {
    const tools: ToolStats[] = [...this.totals].map(([name, totals]) => ({
      name,
      calls: totals.calls,
      failures: totals.failures,
      latency: this.latency.summary({ tool: name }),
    }));
    tools.sort((left, right) => right.calls - left.calls || left.name.localeCompare(right.name));
    return { tools, slowest: [...this.slowest], failures: [...this.failures].reverse() };
  }
}
