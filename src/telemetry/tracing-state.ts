import type { BusEvent, EventBus, EventType } from '../events/index.js';
import { VERSION } from '../version.js';
import { otlpTarget } from './otlp-endpoint.js';
import type { OtlpTarget } from './otlp-endpoint.js';
import type { Tracer, TracerOptions } from './tracer.js';

/** What a tracer is handed before its module has loaded: applied in order once it has. */
type Pending = (tracer: Tracer) => void;

/** The events spans are made of (event-spans.ts); the rest are not handed to the tracer. */
const TRACED_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'run.started',
  'run.completed',
  'run.failed',
  'workflow.started',
  'workflow.completed',
  'step.started',
  'step.completed',
  'step.failed',
  'mcp.called',
]);

/** Work queued while the tracer loads, at most: beyond it, spans are dropped. */
const MAX_PENDING = 10_000;
/** How long a CLI process waits for its last spans to be sent before it exits. */
export const EXIT_FLUSH_MS = 1_000;

interface TracingState {
  readonly target: OtlpTarget;
  tracer: Tracer | undefined;
  readonly ready: Promise<Tracer | undefined>;
  pending: Pending[];
  readonly traced: WeakSet<EventBus>;
}

/**
 * The process's tracing, on globalThis under a registered symbol: the CLI and the daemon are
 * split into bundles that each carry this module, and a process has one exporter.
 */
const STATE_KEY = Symbol.for('claude-hybrid.tracing');

function state(): TracingState | undefined {
  return (globalThis as { [STATE_KEY]?: TracingState })[STATE_KEY];
}

export interface StartTracingOptions {
  /** Config `telemetry.otlpEndpoint` ('' for none). */
  readonly configured: string;
  /** Where the OTEL_EXPORTER_OTLP_* variables are read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where an export failure is noted. */
  readonly warn: (message: string) => void;
  /**
   * Send what is left when the process is about to exit (Node's `beforeExit`), waiting at most
   * EXIT_FLUSH_MS. Processes that stop themselves (the daemon) call flushTracing() instead.
   * @default true
   */
  readonly flushOnExit?: boolean;
  /** Batching, timeouts and ids of the tracer (tests). @default the tracer's defaults */
  readonly tracer?: Pick<TracerOptions, 'exporter' | 'ids'>;
}

/**
 * Turns tracing on for this process when an OTLP endpoint is configured, and says whether it is
 * on. The first call that finds an endpoint wins; later ones keep it. Without an endpoint this
 * reads two strings and loads nothing. A malformed endpoint throws `telemetry.bad_endpoint`.
 */
export function startTracing(options: StartTracingOptions): boolean {
  if (state() !== undefined) return true;
  const target = otlpTarget(options.configured, options.env);
  if (target === undefined) return false;
  const ready = import('./tracing-door.js').then(
    ({ Tracer: TracerClass }) => {
      const tracer = new TracerClass({
        target,
        version: VERSION,
        warn: options.warn,
        ...options.tracer,
      });
      const current = state();
      if (current !== undefined) {
        current.tracer = tracer;
        for (const work of current.pending) apply(tracer, work);
        current.pending = [];
      }
      return tracer;
    },
    (error: unknown) => {
      options.warn(
        `telemetry: tracing is off: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    },
  );
  const created: TracingState = {
    target,
    tracer: undefined,
    ready,
    pending: [],
    traced: new WeakSet(),
  };
  (globalThis as { [STATE_KEY]?: TracingState })[STATE_KEY] = created;
  if (options.flushOnExit !== false) process.on('beforeExit', flushBeforeExit);
  return true;
}

/** Whether tracing is on in this process. */
export function tracingEnabled(): boolean {
  return state() !== undefined;
}

/** The endpoint spans go to, when tracing is on. */
export function tracingTarget(): OtlpTarget | undefined {
  return state()?.target;
}

/** Hands work to the tracer: now if it is loaded, else once it is. Nothing when tracing is off. */
export function withTracer(work: Pending): void {
  const current = state();
  if (current === undefined) return;
  if (current.tracer !== undefined) apply(current.tracer, work);
  else if (current.pending.length < MAX_PENDING) current.pending.push(work);
}

/** Makes spans of a bus's events (runs, workflows, steps, MCP calls), once per bus. */
export function traceBus(bus: EventBus): void {
  const current = state();
  if (current === undefined || current.traced.has(bus)) return;
  current.traced.add(bus);
  bus.subscribe((event: BusEvent) => {
    if (!TRACED_TYPES.has(event.type)) return;
    withTracer((tracer) => {
      tracer.onEvent(event);
    });
  });
}

/** Sends every span recorded so far, waiting at most `timeoutMs`; nothing when tracing is off. */
export async function flushTracing(timeoutMs: number): Promise<void> {
  const current = state();
  if (current === undefined) return;
  const tracer = await current.ready;
  await tracer?.flush(timeoutMs);
}

/** Tracing must never break the work it watches. */
function apply(tracer: Tracer, work: Pending): void {
  try {
    work(tracer);
  } catch {
    // A span that cannot be built is dropped.
  }
}

/**
 * `beforeExit` fires when the event loop is empty: sending the last spans refills it, and once
 * they are sent (or dropped at the deadline) it fires again with nothing left, and Node exits.
 */
function flushBeforeExit(): void {
  const current = state();
  if (current === undefined) return;
  if (current.tracer !== undefined && current.tracer.exporter.pending === 0) return;
  void flushTracing(EXIT_FLUSH_MS);
}
