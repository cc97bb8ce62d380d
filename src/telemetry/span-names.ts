/** The span names Claude Hybrid reports, one per kind of operation (docs/telemetry.md). */
export const SPAN_NAMES = {
  run: 'claude_hybrid.run',
  modelCall: 'claude_hybrid.model_call',
  workflow: 'claude_hybrid.workflow',
  step: 'claude_hybrid.step',
  hook: 'claude_hybrid.hook',
  toolCall: 'claude_hybrid.tool_call',
  mcpTool: 'claude_hybrid.mcp_tool',
} as const;
