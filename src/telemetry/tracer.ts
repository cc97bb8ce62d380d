import { createHash } from 'node:crypto';
import type { BusEvent } from '../events/index.js';
import { EventSpans } from './event-spans.js';
import type { OtlpTarget } from './otlp-endpoint.js';
import { OtlpExporter } from './otlp-exporter.js';
import type { OtlpExporterOptions } from './otlp-exporter.js';
import { SPAN_NAMES } from './span-names.js';
import { SpanKind, randomSpanIds } from './span.js';
import type { SpanData, SpanIds } from './span.js';

export interface TracerOptions {
  readonly target: OtlpTarget;
  /** `service.version` of every export. */
  readonly version: string;
  /** Where an export failure is noted (once). */
  readonly warn: (message: string) => void;
  /** @default random ids */
  readonly ids?: SpanIds;
  /** Batching and timeouts of the exporter; see OtlpExporterOptions for the defaults. */
  readonly exporter?: Omit<OtlpExporterOptions, 'target' | 'resource' | 'warn'>;
}

/** A hook event the daemon handled. */
export interface HookSpanInput {
  readonly event: string;
  readonly sessionId: string;
  readonly project: string;
  /** Epoch ms. */
  readonly endMs: number;
  readonly durationMs: number;
}

/** A Claude Code tool call, from its PreToolUse to its PostToolUse(Failure). */
export interface ToolCallSpanInput {
  readonly toolName: string;
  readonly toolUseId: string;
  readonly sessionId: string;
  /** Epoch ms of the Post event. */
  readonly endMs: number;
  readonly durationMs: number;
  readonly failed: boolean;
}

/**
 * The process's trace pipeline: engine events become spans (EventSpans), the daemon adds hook
 * and tool-call spans, and the exporter batches them to the collector. A Claude Code session's
 * hooks and tool calls share one trace, whose id is derived from the session id, so a trace
 * viewer shows a session as one timeline across daemon restarts.
 */
export class Tracer {
  readonly exporter: OtlpExporter;
  private readonly events: EventSpans;
  private readonly ids: SpanIds;

  constructor(options: TracerOptions) {
    this.ids = options.ids ?? randomSpanIds;
    this.exporter = new OtlpExporter({
      ...options.exporter,
      target: options.target,
      resource: { serviceName: 'claude-hybrid', serviceVersion: options.version },
      warn: options.warn,
    });
    this.events = new EventSpans(this.ids, (span) => {
      this.exporter.add(span);
    });
  }

  onEvent(event: BusEvent): void {
    this.events.onEvent(event);
  }

  record(span: SpanData): void {
    this.exporter.add(span);
  }

  hook(input: HookSpanInput): void {
    this.exporter.add({
      traceId: sessionTraceId(input.sessionId),
      spanId: this.ids.spanId(),
      name: SPAN_NAMES.hook,
      kind: SpanKind.server,
      startMs: input.endMs - input.durationMs,
      endMs: input.endMs,
      attributes: {
        'claude_hybrid.hook_event': input.event,
        'claude_hybrid.session_id': input.sessionId,
        'claude_hybrid.project': input.project,
      },
      status: { ok: true },
    });
  }

  toolCall(input: ToolCallSpanInput): void {
    this.exporter.add({
      traceId: sessionTraceId(input.sessionId),
      spanId: this.ids.spanId(),
      name: SPAN_NAMES.toolCall,
      kind: SpanKind.internal,
      startMs: input.endMs - input.durationMs,
      endMs: input.endMs,
      attributes: {
        'claude_hybrid.tool': input.toolName,
        'claude_hybrid.tool_use_id': input.toolUseId,
        'claude_hybrid.session_id': input.sessionId,
        'claude_hybrid.failed': input.failed,
      },
      status: input.failed ? { ok: false, message: 'PostToolUseFailure' } : { ok: true },
    });
  }

  flush(timeoutMs: number): Promise<void> {
    return this.exporter.flush(timeoutMs);
  }

  shutdown(timeoutMs: number): Promise<void> {
    return this.exporter.shutdown(timeoutMs);
  }
}

/** The trace id of a Claude Code session: the first 128 bits of a hash of its id. */
export function sessionTraceId(sessionId: string): string {
  return createHash('sha256')
    .update(`claude-hybrid session ${sessionId}`)
    .digest('hex')
    .slice(0, 32);
}
