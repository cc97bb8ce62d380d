import type { CompletedToolCall } from '../daemon/hook-handler.js';
import { loadConfig } from '../config/index.js';
import { recordToolCall } from './hook-telemetry.js';
import { startTracing } from './tracing-state.js';

/**
 * The daemon's telemetry: tool-call metrics (and spans) from the handler's Pre/Post pairing,
 * and tracing when the user config (`telemetry.otlpEndpoint` in $CLAUDE_HYBRID_HOME) or the
 * daemon's environment names an OTLP endpoint. A malformed endpoint is noted in daemon.log and
 * leaves tracing off: hooks must keep working whatever the telemetry settings.
 */
export async function startDaemonTelemetry(
  hybridHome: string,
  handler: { onToolCompleted: ((call: CompletedToolCall) => void) | undefined },
  log: (line: string) => void,
): Promise<void> {
  handler.onToolCompleted = (call) => {
    recordToolCall(call);
  };
  try {
    const loaded = await loadConfig({ cwd: hybridHome, env: process.env, collectIssues: true });
    startTracing({
      configured: loaded.config.telemetry.otlpEndpoint,
      env: process.env,
      warn: log,
      flushOnExit: false,
    });
  } catch (error) {
    log(`telemetry: tracing is off: ${error instanceof Error ? error.message : String(error)}`);
  }
}
