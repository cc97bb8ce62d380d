import { instruments } from './instruments.js';
import { withTracer } from './tracing-state.js';

/** A hook event the daemon answered. */
export interface HookHandled {
  readonly event: string;
  readonly sessionId: string;
  /** The project root the event was recorded in. */
  readonly project: string;
  readonly durationMs: number;
}

/** A Claude Code tool call the daemon paired (PreToolUse with its Post event). */
export interface ToolCallCompleted {
  readonly toolName: string;
  readonly toolUseId: string;
  readonly sessionId: string;
  readonly durationMs: number;
  readonly failed: boolean;
}

/**
 * Records a handled hook: its latency and count by event, and a `claude_hybrid.hook` span when
 * tracing is on. `now` is the epoch-ms end of the handling.
 */
export function recordHook(hook: HookHandled, now: number = Date.now()): void {
  const recorded = instruments();
  recorded.hookDuration.observe(hook.durationMs, { event: hook.event });
  recorded.hooks.inc({ event: hook.event });
  withTracer((tracer) => {
    tracer.hook({ ...hook, endMs: now });
  });
}

/** Records a paired tool call: its duration and failures by tool, and a `claude_hybrid.tool_call` span. */
export function recordToolCall(call: ToolCallCompleted, now: number = Date.now()): void {
  const recorded = instruments();
  recorded.toolCallDuration.observe(call.durationMs, { tool: call.toolName });
  if (call.failed) recorded.toolCallFailures.inc({ tool: call.toolName });
  withTracer((tracer) => {
    tracer.toolCall({ ...call, endMs: now });
  });
}
