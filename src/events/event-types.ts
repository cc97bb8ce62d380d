/** What one model call used and cost, flat, as run.completed and step.completed carry it. */
export interface CallMetrics {
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  costUsd: number;
  durationMs: number;
  attempts: number;
}

/**
 * Every event the bus carries: `noun.verb` name -> payload type. emit() and on() are typed from
 * this map, so an unknown name or a wrong payload is a compile error.
 *
 * To add an event, add it here and give it a version in EVENT_VERSIONS (the compiler insists).
 * Payloads are persisted as JSON and read back by later releases, so they hold only JSON data
 * (no Dates, Maps or class instances) and a changed payload shape bumps the version.
 */
export interface EventMap {
  'project.initialized': { root: string };
  'config.validated': { ok: boolean };
  'agents.validated': { files: number; invalid: number };
  'agents.deployed': { target: string; written: string[]; unchanged: string[]; skipped: string[] };
  'run.started': { runId: string; agent: string; model: string; provider: string };
  'run.completed': {
    runId: string;
    agent: string;
    model: string;
    provider: string;
    simulated: boolean;
    cached: boolean;
  } & CallMetrics;
  'run.failed': { agent: string; model: string; provider: string; error: string };
  'context.threshold': {
    agent: string;
    model: string;
    tokens: number;
    window: number;
    threshold: number;
    method: string;
  };
  'workflow.started': { runId: string; name: string; steps: number };
  'workflow.completed': {
    runId: string;
    name: string;
    /** succeeded, failed, cancelled or budget_exceeded. */
    status: string;
    spentUsd: number;
    error: string | null;
  };
  'step.completed': {
    runId: string;
    stepId: string;
    iteration: number;
    agent: string;
    model: string;
  } & CallMetrics & { cached: boolean };
  'step.failed': { runId: string; stepId: string; error: string };
}

export type EventType = keyof EventMap;

/** Payload schema version of each event type, stored with every event. */
export const EVENT_VERSIONS: { readonly [Type in EventType]: number } = {
  'project.initialized': 1,
  'config.validated': 1,
  'agents.validated': 1,
  'agents.deployed': 1,
  'run.started': 1,
  'run.completed': 1,
  'run.failed': 1,
  'context.threshold': 1,
  'workflow.started': 1,
  'workflow.completed': 1,
  'step.completed': 1,
  'step.failed': 1,
};

/**
 * One emitted event. `BusEvent<'agents.deployed'>` is that event; plain `BusEvent` is the union
 * of all of them, so a listener narrows the payload by checking `event.type`.
 */
export type BusEvent<Type extends EventType = EventType> = {
  [Name in Type]: {
    readonly type: Name;
    readonly version: number;
    /** Epoch milliseconds from the bus's clock. */
    readonly ts: number;
    readonly source: string;
    readonly session: string | null;
    readonly run: string | null;
    readonly payload: EventMap[Name];
  };
}[Type];
