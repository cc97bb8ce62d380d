import type { Runtime } from '../runtime.js';
import { startTracing, traceBus } from './tracing-state.js';

/**
 * Turns tracing on for the process when the runtime's config or environment names an OTLP
 * endpoint, and makes spans of this runtime's events. Without an endpoint it reads two strings
 * and touches nothing (not even the runtime's lazily made bus).
 */
export function traceEngine(
  runtime: Runtime,
  env: Readonly<Record<string, string | undefined>>,
  warn: (message: string) => void,
): void {
  const on = startTracing({ configured: configured(runtime), env, warn });
  if (on) traceBus(runtime.bus);
}

/** A config built by hand (tests, older callers) may lack the group: no endpoint then. */
function configured(runtime: Runtime): string {
  return (
    (runtime.loaded.config.telemetry as { otlpEndpoint?: string } | undefined)?.otlpEndpoint ?? ''
  );
}
