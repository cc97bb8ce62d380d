import type { Hybrid } from '../library/types.js';
import { recordEventOf } from '../telemetry/event-door.js';
import { instruments } from '../telemetry/instruments.js';

/**
 * Records one MCP tool call: its latency, count and failure by tool in the process's metrics,
 * and an `mcp.called` event in the project's event log (through the hybrid's bus, so it is
 * persisted like run events and traced when tracing is on). Never throws: a call is answered
 * whether or not it could be recorded.
 */
export function recordMcpCall(
  hybrid: Hybrid,
  tool: string,
  durationMs: number,
  failed: boolean,
): void {
  const recorded = instruments();
  const labels = { tool };
  recorded.mcpToolDuration.observe(durationMs, labels);
  recorded.mcpToolCalls.inc(labels);
  if (failed) recorded.mcpToolFailures.inc(labels);
  try {
    recordEventOf(hybrid)?.('mcp.called', {
      tool,
      durationMs: Math.round(durationMs * 100) / 100,
      failed,
    });
  } catch {
    // A closed hybrid (the session went away mid-call) records nothing more.
  }
}
