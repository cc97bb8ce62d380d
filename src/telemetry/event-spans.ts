import type { BusEvent, CallMetrics } from '../events/index.js';
import { SPAN_NAMES } from './span-names.js';
import { SpanKind } from './span.js';
import type { AttributeValue, SpanData, SpanIds } from './span.js';

/** A span begun by a `*.started` event, waiting for its end. */
interface OpenSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly startMs: number;
}

/** Open spans kept at most per kind: a run whose end never comes must not grow memory. */
const MAX_OPEN = 1_000;

/**
 * Turns the engine's events into spans, as they are emitted: `run.started` … `run.completed`
 * is a `claude_hybrid.run` span with a `claude_hybrid.model_call` child (the call's duration
 * ends at the completion), `workflow.started` … `workflow.completed` a `claude_hybrid.workflow`
 * span whose `claude_hybrid.step` children come from `step.started` … `step.completed` /
 * `step.failed` (each with its model call), and `mcp.called` a `claude_hybrid.mcp_tool` span.
 * Events carry epoch-ms times and durations, so spans need no clock of their own.
 */
export class EventSpans {
  private readonly runs = new Map<string, OpenSpan>();
  private readonly workflows = new Map<string, OpenSpan>();
  private readonly steps = new Map<string, OpenSpan>();

  constructor(
    private readonly ids: SpanIds,
    private readonly emit: (span: SpanData) => void,
  ) {}

  onEvent(event: BusEvent): void {
    switch (event.type) {
      case 'run.started':
        remember(this.runs, event.run ?? event.payload.runId, this.open(event.ts, undefined));
        break;
      case 'run.completed':
        this.runCompleted(event);
        break;
      case 'run.failed': {
        const key = event.run ?? '';
        const open = this.runs.get(key) ?? this.open(event.ts, undefined);
        this.runs.delete(key);
        const { agent, model, provider, error } = event.payload;
        this.finish(
          open,
          SPAN_NAMES.run,
          SpanKind.internal,
          event.ts,
          {
            'claude_hybrid.run_id': key,
            'claude_hybrid.agent': agent,
            'claude_hybrid.model': model,
            'claude_hybrid.provider': provider,
          },
          error,
        );
        break;
      }
      case 'workflow.started':
        remember(this.workflows, event.payload.runId, this.open(event.ts, undefined));
        break;
      case 'workflow.completed': {
        const { runId, name, status, spentUsd, error } = event.payload;
        const open = this.workflows.get(runId) ?? this.open(event.ts, undefined);
        this.workflows.delete(runId);
        this.finish(
          open,
          SPAN_NAMES.workflow,
          SpanKind.internal,
          event.ts,
          {
            'claude_hybrid.run_id': runId,
            'claude_hybrid.workflow': name,
            'claude_hybrid.status': status,
            'claude_hybrid.cost_usd': spentUsd,
          },
          status === 'succeeded' ? undefined : (error ?? status),
        );
        break;
      }
      case 'step.started': {
        const { runId, stepId, iteration } = event.payload;
        const workflow = this.workflows.get(runId);
        remember(this.steps, stepKey(runId, stepId, iteration), this.open(event.ts, workflow));
        break;
      }
      case 'step.completed':
        this.stepCompleted(event);
        break;
      case 'step.failed': {
        const { runId, stepId, error } = event.payload;
        const key = this.latestStepKey(runId, stepId);
        const open =
          (key === undefined ? undefined : this.steps.get(key)) ??
          this.open(event.ts, this.workflows.get(runId));
        if (key !== undefined) this.steps.delete(key);
        this.finish(
          open,
          SPAN_NAMES.step,
          SpanKind.internal,
          event.ts,
          {
            'claude_hybrid.run_id': runId,
            'claude_hybrid.step_id': stepId,
            'claude_hybrid.status': 'failed',
          },
          error,
        );
        break;
      }
      case 'mcp.called': {
        const { tool, durationMs, failed } = event.payload;
        const open = this.open(event.ts - durationMs, undefined);
        this.finish(
          open,
          SPAN_NAMES.mcpTool,
          SpanKind.server,
          event.ts,
          {
            'claude_hybrid.tool': tool,
            'claude_hybrid.failed': failed,
            'claude_hybrid.duration_ms': durationMs,
          },
          failed ? 'tool error' : undefined,
        );
        break;
      }
      default:
        break;
    }
  }

  private runCompleted(event: BusEvent<'run.completed'>): void {
    const { payload } = event;
    const key = event.run ?? payload.runId;
    const open = this.runs.get(key) ?? this.open(event.ts - payload.durationMs, undefined);
    this.runs.delete(key);
    const run = this.finish(
      open,
      SPAN_NAMES.run,
      SpanKind.internal,
      event.ts,
      {
        'claude_hybrid.run_id': payload.runId,
        'claude_hybrid.agent': payload.agent,
        'claude_hybrid.model': payload.model,
        'claude_hybrid.provider': payload.provider,
        'claude_hybrid.cached': payload.cached,
        'claude_hybrid.simulated': payload.simulated,
        ...usageAttributes(payload),
      },
      undefined,
    );
    this.modelCall(run, event.ts, payload, payload.provider);
  }

  private stepCompleted(event: BusEvent<'step.completed'>): void {
    const { payload } = event;
    const key = stepKey(payload.runId, payload.stepId, payload.iteration);
    const open =
      this.steps.get(key) ??
      this.open(event.ts - payload.durationMs, this.workflows.get(payload.runId));
    this.steps.delete(key);
    const step = this.finish(
      open,
      SPAN_NAMES.step,
      SpanKind.internal,
      event.ts,
      {
        'claude_hybrid.run_id': payload.runId,
        'claude_hybrid.step_id': payload.stepId,
        'claude_hybrid.iteration': payload.iteration,
        'claude_hybrid.agent': payload.agent,
        'claude_hybrid.model': payload.model,
        'claude_hybrid.status': 'succeeded',
        'claude_hybrid.cached': payload.cached,
        ...usageAttributes(payload),
      },
      undefined,
    );
    this.modelCall(step, event.ts, payload, undefined);
  }

  /** The model call inside a run or step: none when the answer came from the cache. */
  private modelCall(
    parent: OpenSpan,
    endMs: number,
    call: CallMetrics & { readonly model: string; readonly cached: boolean },
    provider: string | undefined,
  ): void {
    if (call.cached || call.attempts === 0) return;
    const startMs = Math.max(parent.startMs, endMs - call.durationMs);
    this.finish(
      this.open(startMs, parent),
      SPAN_NAMES.modelCall,
      SpanKind.client,
      endMs,
      {
        'claude_hybrid.model': call.model,
        ...(provider === undefined ? {} : { 'claude_hybrid.provider': provider }),
        'claude_hybrid.attempts': call.attempts,
        'claude_hybrid.waited_ms': call.waitedMs,
        'claude_hybrid.status': 'ok',
        'claude_hybrid.tokens.input': call.inputTokens,
        'claude_hybrid.tokens.output': call.outputTokens,
      },
      undefined,
    );
  }

  /** The newest open iteration of a step (step.failed names no iteration). */
  private latestStepKey(runId: string, stepId: string): string | undefined {
    const prefix = stepKey(runId, stepId, '');
    let found: string | undefined;
    for (const key of this.steps.keys()) if (key.startsWith(prefix)) found = key;
    return found;
  }

  private open(startMs: number, parent: OpenSpan | undefined): OpenSpan {
    return {
      traceId: parent?.traceId ?? this.ids.traceId(),
      spanId: this.ids.spanId(),
      parentSpanId: parent?.spanId,
      startMs,
    };
  }

  private finish(
    open: OpenSpan,
    name: string,
    kind: SpanData['kind'],
    endMs: number,
    attributes: Readonly<Record<string, AttributeValue>>,
    error: string | undefined,
  ): OpenSpan {
    this.emit({
      traceId: open.traceId,
      spanId: open.spanId,
      parentSpanId: open.parentSpanId,
      name,
      kind,
      startMs: open.startMs,
      endMs,
      attributes,
      status: error === undefined ? { ok: true } : { ok: false, message: error },
    });
    return open;
  }
}

function usageAttributes(call: CallMetrics): Record<string, AttributeValue> {
  return {
    'claude_hybrid.tokens.input': call.inputTokens,
    'claude_hybrid.tokens.output': call.outputTokens,
    'claude_hybrid.tokens.cache_read': call.cacheReadTokens,
    'claude_hybrid.tokens.cache_write': call.cacheWriteTokens,
    'claude_hybrid.cost_usd': call.costUsd,
    'claude_hybrid.attempts': call.attempts,
    'claude_hybrid.waited_ms': call.waitedMs,
    'claude_hybrid.duration_ms': call.durationMs,
  };
}

function stepKey(runId: string, stepId: string, iteration: number | ''): string {
  return `${runId}\n${stepId}\n${iteration}`;
}

/** Keeps an open span, forgetting the oldest beyond MAX_OPEN (Maps iterate in insertion order). */
function remember(spans: Map<string, OpenSpan>, key: string, span: OpenSpan): void {
  if (spans.size >= MAX_OPEN) {
    const oldest = spans.keys().next();
    if (oldest.done !== true) spans.delete(oldest.value);
  }
  spans.set(key, span);
}
