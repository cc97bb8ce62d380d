/**
 * Everything the dashboard and `/metrics` show about one project, kept up to date from its
 * recorded events: each event is applied once, in any order, and costs a few map updates. The
 * books hold sums, histograms and bounded lists, so memory does not grow with the log.
 */
import type { EventRecord } from '../store/index.js';
import { MetricsRegistry } from '../telemetry/metrics.js';
import type { RecordedMetrics } from './recorded-metrics.js';
import type { PerformanceAnswer } from './api-types.js';
import { CostBook } from './cost-book.js';
import { toolDetail } from './event-row.js';
import { RunBook } from './run-book.js';
import { SessionBook } from './session-book.js';
import { ToolBook } from './tool-book.js';

type Fields = Readonly<Record<string, unknown>>;

function text(payload: Fields, key: string): string | undefined {
  const value = payload[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function count(payload: Fields, key: string): number {
  const value = payload[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export class ProjectAggregates {
  readonly cost = new CostBook();
  readonly tools: ToolBook;
  readonly sessions = new SessionBook();
  readonly runs = new RunBook();
  private readonly label: { readonly project: string };
  private cacheHits = 0;
  private cacheMisses = 0;
  private retriedCalls = 0;
  private extraAttempts = 0;
  private waitedCalls = 0;
  private waitedMs = 0;

  constructor(
    readonly root: string,
    private readonly metrics: RecordedMetrics,
  ) {
    this.label = { project: root };
    this.tools = new ToolBook(new MetricsRegistry());
  }

  apply(record: EventRecord): void {
    const payload: Fields =
      record.payload !== null && typeof record.payload === 'object'
        ? (record.payload as Fields)
        : {};
    const { metrics, label } = this;
    metrics.events.inc({ project: this.root, type: record.type });
    const activity =
      record.session === null ? undefined : this.sessions.seen(record.session, record.ts);
    if (activity !== undefined) {
      const transcript = text(payload, 'transcript_path');
      if (transcript !== undefined && record.type.startsWith('hook.'))
        activity.transcriptPath = transcript;
    }
    switch (record.type) {
      case 'run.completed':
      case 'step.completed':
        this.call(record, payload);
        break;
      case 'run.started':
        if (record.run !== null)
          this.runs.started(record.run, 'run', text(payload, 'agent') ?? '', record.ts);
        break;
      case 'run.failed':
        if (record.run !== null)
          this.runs.ended(record.run, 'run', record.ts, 'failed', text(payload, 'agent'));
        break;
      case 'workflow.started':
        this.runs.started(
          text(payload, 'runId') ?? record.run ?? '',
          'workflow',
          text(payload, 'name') ?? '',
          record.ts,
        );
        break;
      case 'workflow.completed': {
        const status = text(payload, 'status') ?? 'failed';
        this.runs.ended(
          text(payload, 'runId') ?? record.run ?? '',
          'workflow',
          record.ts,
          status,
          text(payload, 'name'),
        );
        metrics.workflows.inc({ project: this.root, status });
        break;
      }
      case 'hook.UserPromptSubmit':
        if (activity !== undefined) activity.prompts += 1;
        break;
      case 'hook.SessionEnd':
        if (activity !== undefined) activity.ended = true;
        break;
      case 'hook.PreToolUse': {
        const toolUseId = text(payload, 'tool_use_id');
        if (toolUseId === undefined) break;
        this.tools.started(toolUseId, toolDetail(payload['tool_input']));
        const tool = text(payload, 'tool_name');
        if (activity !== undefined && tool !== 'Agent' && tool !== 'Task')
          this.sessions.toolStarted(activity, toolUseId, text(payload, 'agent_id') ?? null);
        break;
      }
      case 'tool.completed': {
        const toolUseId = text(payload, 'toolUseId') ?? '';
        const toolName = text(payload, 'toolName') ?? 'unknown';
        const failed = payload['failed'] === true;
        const durationMs = count(payload, 'durationMs');
        this.tools.completed({
          toolUseId,
          toolName,
          durationMs,
          failed,
          ts: record.ts,
          session: record.session,
        });
        metrics.toolCalls.inc({
          project: this.root,
          tool: toolName,
          outcome: failed ? 'failed' : 'ok',
        });
        metrics.toolLatency.observe(durationMs, label);
        if (activity !== undefined)
          this.sessions.toolCompleted(activity, toolUseId, toolName, failed);
        break;
      }
      case 'agent.delegated':
        if (activity !== undefined)
          this.sessions.delegated(
            activity,
            record.ts,
            text(payload, 'toolUseId') ?? null,
            text(payload, 'subagentType') ?? 'general-purpose',
            text(payload, 'description') ?? null,
          );
        break;
      case 'agent.started': {
        const agentId = text(payload, 'agentId');
        if (activity !== undefined && agentId !== undefined)
          this.sessions.subagentStarted(
            activity,
            record.ts,
            agentId,
            text(payload, 'agentType') ?? 'general-purpose',
          );
        break;
      }
      case 'agent.completed': {
        const agentId = text(payload, 'agentId');
        const duration = payload['durationMs'];
        if (activity !== undefined && agentId !== undefined)
          this.sessions.subagentCompleted(
            activity,
            agentId,
            typeof duration === 'number' ? duration : null,
            count(payload, 'remembered'),
          );
        break;
      }
      case 'mcp.called': {
        const failed = payload['failed'] === true;
        metrics.mcpCalls.inc({
          project: this.root,
          tool: text(payload, 'tool') ?? 'unknown',
          outcome: failed ? 'failed' : 'ok',
        });
        metrics.mcpLatency.observe(count(payload, 'durationMs'), label);
        break;
      }
      default:
        break;
    }
  }

  performance(hooks: PerformanceAnswer['hooks']): PerformanceAnswer {
    const { metrics, label } = this;
    const lookups = this.cacheHits + this.cacheMisses;
    return {
      modelCalls: metrics.modelLatency.summary(label),
      hooks,
      mcpTools: metrics.mcpLatency.summary(label),
      toolCalls: metrics.toolLatency.summary(label),
      cache: {
        hits: this.cacheHits,
        misses: this.cacheMisses,
        hitRate: lookups === 0 ? null : this.cacheHits / lookups,
      },
      waits: metrics.waits.summary(label),
      retries: {
        retriedCalls: this.retriedCalls,
        extraAttempts: this.extraAttempts,
        waitedCalls: this.waitedCalls,
        waitedMs: Math.round(this.waitedMs * 100) / 100,
      },
    };
  }

  /** run.completed or step.completed: one model call (or a cache answer standing for one). */
  private call(record: EventRecord, payload: Fields): void {
    const { metrics, label } = this;
    const model = text(payload, 'model') ?? 'unknown';
    const agent = text(payload, 'agent') ?? 'unknown';
    const call = {
      costUsd: count(payload, 'costUsd'),
      inputTokens: count(payload, 'inputTokens'),
      outputTokens: count(payload, 'outputTokens'),
      cacheReadTokens: count(payload, 'cacheReadTokens'),
      cacheWriteTokens: count(payload, 'cacheWriteTokens'),
    };
    this.cost.add(record.ts, model, agent, call);
    const cached = payload['cached'] === true;
    if (cached) this.cacheHits += 1;
    else this.cacheMisses += 1;
    const attempts = count(payload, 'attempts');
    if (attempts > 1) {
      this.retriedCalls += 1;
      this.extraAttempts += attempts - 1;
      metrics.retries.inc(label, attempts - 1);
    }
    // Version 1 events carry no waitedMs: they count as no wait.
    const waited = count(payload, 'waitedMs');
    if (waited > 0) {
      this.waitedCalls += 1;
      this.waitedMs += waited;
      metrics.waits.observe(waited, label);
    }
    metrics.cache.inc({ project: this.root, result: cached ? 'hit' : 'miss' });
    metrics.modelCalls.inc({ project: this.root, model });
    metrics.modelLatency.observe(count(payload, 'durationMs'), label);
    metrics.cost.inc({ project: this.root, model }, call.costUsd);
    for (const [kind, tokens] of [
      ['input', call.inputTokens],
      ['output', call.outputTokens],
      ['cache_read', call.cacheReadTokens],
      ['cache_write', call.cacheWriteTokens],
    ] as const)
      if (tokens > 0) metrics.tokens.inc({ project: this.root, model, kind }, tokens);
    const tokens = call.inputTokens + call.outputTokens;
    if (record.type === 'run.completed') {
      const runId = text(payload, 'runId') ?? record.run ?? '';
      this.runs.started(runId, 'run', agent, record.ts - count(payload, 'durationMs'));
      this.runs.spent(runId, 'run', record.ts, call.costUsd, tokens);
      this.runs.ended(runId, 'run', record.ts, 'succeeded');
    } else {
      const runId = text(payload, 'runId') ?? record.run ?? '';
      this.runs.spent(runId, 'workflow', record.ts, call.costUsd, tokens);
    }
  }
}
