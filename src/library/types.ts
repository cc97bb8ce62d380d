/**
 * The library's public types: what `createHybrid()` takes and what its methods return. Only
 * plain data crosses this surface (no database handles, no class instances but errors), so a
 * result can be logged, stored as JSON or sent over the wire as it is. The published
 * declarations stop here: the only imports are RunResult, RunEscalation, RoutingCall and Usage,
 * shared with the engine from files that import nothing else, report-types.ts (what the project
 * recorded), the doctor's report (src/doctor/types.ts, which imports nothing) and the JSON view
 * of a recorded event (src/events/event-json.ts, which imports only the store's record); the engine's
 * other types are checked against these where the library hands them out
 * (src/library/open-hybrid.ts). The route, workflow, skill and memory types are in files of their own
 * beside this one (route-types.ts, workflow-types.ts, skill-types.ts, memory-types.ts),
 * re-exported here.
 */
import type { RunResult } from '../engine/run-result.js';
import type { Usage } from '../models/usage.js';
import type { RoutingCall } from '../routing/routing-call.js';
import type { DoctorOptions, DoctorReport } from '../doctor/types.js';
import type { EventJson } from '../events/event-json.js';
import type {
  CacheStatsView,
  MemoryEntryView,
  MemoryListOptions,
  RecentEventsOptions,
  RunStatsSummary,
  StatsOptions,
} from './report-types.js';
import type { ProviderName } from './provider-name.js';
import type { RouteOptions, RouteResult } from './route-types.js';
import type {
  MemoryAddOptions,
  MemoryAddResult,
  MemorySearchOptions,
  MemoryHit,
} from './memory-types.js';
import type {
  HybridWorker,
  WorkerOptions,
  WorkflowInfo,
  WorkflowRunOptions,
  WorkflowRunResult,
  WorkflowStatus,
} from './workflow-types.js';
import type {
  SkillDeployOptions,
  SkillDeployResult,
  SkillSummary,
  SkillUndeployResult,
} from './skill-types.js';

export type { EscalatedCall, EscalationReason, RunEscalation } from '../engine/run-result.js';
export type { RoutingCall, RunResult, Usage };
export type { DoctorCheck, DoctorOptions, DoctorReport, DoctorStatus } from '../doctor/types.js';
export type {
  CacheStatsView,
  CostShare,
  MemoryEntryView,
  MemoryListOptions,
  RecentEventsOptions,
  RunStatsSummary,
  StatsOptions,
} from './report-types.js';

export type { ProviderName } from './provider-name.js';
export type { RouteOptions, RouteResult } from './route-types.js';
export type {
  MemoryAddOptions,
  MemoryAddResult,
  MemorySearchOptions,
  MemoryHit,
} from './memory-types.js';
export type {
  HybridWorker,
  WorkerOptions,
  WorkflowInfo,
  WorkflowRunOptions,
  WorkflowRunResult,
  WorkflowRunState,
  WorkflowStatus,
  WorkflowStepEvent,
  WorkflowStepState,
  WorkflowStepStatus,
} from './workflow-types.js';
export type {
  SkillDeployOptions,
  SkillDeployResult,
  SkillSummary,
  SkillUndeployResult,
} from './skill-types.js';

export interface HybridOptions {
  /**
   * A directory in the project: the project is the nearest folder at or above it holding
   * `.claude-hybrid/` (made by `claude-hybrid init`), exactly as for the CLI.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * The provider for runs that name none, above config `engine.provider`.
   * @default config `engine.provider`, else anthropic with ANTHROPIC_API_KEY set, else
   * claude-code with `claude` on PATH
   */
  readonly provider?: ProviderName;
  /**
   * The environment config overrides (`CLAUDE_HYBRID_*`), `CLAUDE_HYBRID_HOME` and the
   * providers' keys are read from.
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Extra directories to load agents from (scope `custom`), relative to `cwd`. @default [] */
  readonly agentDirs?: readonly string[];
  /**
   * Receives warnings that do not fail a call (memory that could not be written).
   * @default writes `warning: …` to standard error
   */
  readonly onWarning?: (message: string) => void;
}

export interface RunOptions {
  /** Run this agent instead of routing the task. @default routed */
  readonly agent?: string;
  /** A model alias (`haiku`, `sonnet`, `opus`) or model id. @default by config, agent, complexity */
  readonly model?: string;
  /** @default the hybrid's provider */
  readonly provider?: ProviderName;
  /** Refuse before calling when the cost estimate's upper bound is over this, in USD. */
  readonly maxCostUsd?: number;
  /** Answer from the response cache when it holds this exact request. @default true */
  readonly cache?: boolean;
  /** Aborting stops the run; it rejects with `HybridError` code `run.aborted`. */
  readonly signal?: AbortSignal;
  /**
   * Enqueue the run for the `claude-hybrid worker`s on this Redis (`redis://HOST:PORT`) instead
   * of running it here; resolves with the worker's result, and records its events here. Needs
   * the optional packages bullmq and ioredis. Not with `stream`. @default run here
   */
  readonly queue?: string;
  /**
   * Let a haiku-tier model choose among the router's 8 best candidates when the router is less
   * sure than 0.8 (true), or never (false). Only when no `agent` is given; the routing call's
   * cost is in the result's `costUsd` and `routing`. @default config `routing.llm` (off)
   */
  readonly llmRoute?: boolean;
  /**
   * When the answer fails a check (the API's `stop_reason` is `refusal` or `max_tokens`), ask
   * the next tier up once (haiku → sonnet → opus) and resolve with that answer. `escalation` in
   * the result records both calls; its `usage` and `costUsd` are their totals. opus has no tier
   * above it: no retry, and `escalation.skipped` says so. With `maxCostUsd`, the retry is made
   * only when the spend so far plus its upper estimate fits. @default false
   */
  readonly escalate?: boolean;
  /**
   * Receives the run's events (`run.started`, `context.threshold`, `run.escalated`,
   * `run.completed`, `run.failed`).
   */
  readonly onEvent?: (event: HybridRunEvent) => void;
}

/** What an event carries besides its payload, stamped by the project's event bus. */
interface EventStamp {
  /** The payload's schema version. */
  readonly version: number;
  /** Epoch milliseconds. */
  readonly ts: number;
  /** Who emitted it: `library`, `cli`, `daemon`, ... */
  readonly source: string;
  readonly session: string | null;
  /** The run's id. */
  readonly run: string | null;
}

/** One event of a run. */
export type HybridRunEvent = EventStamp &
  (
    | {
        readonly type: 'run.started';
        readonly payload: {
          readonly runId: string;
          readonly agent: string;
          readonly model: string;
          readonly provider: string;
        };
      }
    | {
        /** The prompt crossed a share of the model's context window (0.7, 0.85, 0.95). */
        readonly type: 'context.threshold';
        readonly payload: {
          readonly agent?: string | undefined;
          readonly model: string;
          readonly tokens: number;
          readonly window: number;
          readonly threshold: number;
          readonly method?: string | undefined;
        };
      }
    | {
        readonly type: 'run.completed';
        readonly payload: Usage & {
          readonly runId: string;
          readonly agent: string;
          readonly model: string;
          readonly provider: string;
          readonly simulated: boolean;
          readonly cached: boolean;
          readonly costUsd: number;
          readonly durationMs: number;
          readonly attempts: number;
          /**
           * Milliseconds the call waited rather than attempted: for a concurrency slot, for the
           * client-side rate limiter, and asleep between attempts (backoff or the provider's
           * retry-after). 0 for a cached answer.
           */
          readonly waitedMs: number;
        };
      }
    | {
        /** The answer failed a check with `escalate` on; see RunEscalation. */
        readonly type: 'run.escalated';
        readonly payload: {
          readonly runId: string;
          /** The workflow step's id; null for a run. */
          readonly stepId: string | null;
          readonly agent: string;
          /** The model whose answer failed the check. */
          readonly from: string;
          /** The next tier's model, asked once; null when there is none. */
          readonly to: string | null;
          readonly tier: string | null;
          readonly reason: string;
          readonly detail: string;
          /** The failed call's cost; run.completed carries the totals. */
          readonly costUsd: number;
          /** Why there was no retry; null when there was one. */
          readonly skipped: string | null;
        };
      }
    | {
        /** An attempt failed and will be retried after `delayMs`. */
        readonly type: 'run.retrying';
        readonly payload: {
          readonly runId: string;
          /** The workflow step's id; null for a run. */
          readonly stepId: string | null;
          readonly agent: string;
          readonly model: string;
          /** The attempt that failed: 1 for the first. */
          readonly attempt: number;
          readonly maxAttempts: number;
          /** The wait before the next attempt (backoff or the provider's retry-after). */
          readonly delayMs: number;
          /** rate limited, overloaded, timed out, server error or connection failed. */
          readonly reason: string;
          /** The failed attempt's error code. */
          readonly error: string;
        };
      }
    | {
        readonly type: 'run.failed';
        readonly payload: {
          readonly agent: string;
          readonly model: string;
          readonly provider: string;
          /** The error's code. */
          readonly error: string;
        };
      }
  );

/** One event of any kind the project's event bus carries (see docs/architecture.md). */
export type HybridEvent = EventStamp & { readonly type: string; readonly payload: unknown };

/**
 * An event as the project's log holds it, as `events list --json` prints it: `id` grows in
 * append order, `at` is its time as ISO-8601.
 */
export type RecordedEvent = EventJson;

/** A piece of a streamed run: text as it arrives, then the result. */
export type StreamChunk =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'result'; readonly text?: undefined; readonly result: RunResult };

export interface AgentSummary {
  readonly name: string;
  readonly description: string;
  readonly scope: 'project' | 'custom' | 'user' | 'bundled';
  readonly file: string;
  readonly model: string | null;
  readonly tier: 'haiku' | 'sonnet' | 'opus' | null;
  readonly tools: readonly string[] | null;
  readonly keywords: readonly string[];
}

/** The engine's public surface, over one project. */
export interface Hybrid {
  /** The project root (the folder holding `.claude-hybrid/`). */
  readonly projectRoot: string;
  /** Which agent and model the task should go to, and why. Calls nothing. */
  route(task: string, options?: RouteOptions): Promise<RouteResult>;
  /** Runs one agent on the task (routed unless named) and returns its answer and cost. */
  run(task: string, options?: RunOptions): Promise<RunResult>;
  /** Like run, streaming the answer's text as it arrives; the last chunk holds the result. */
  stream(task: string, options?: RunOptions): AsyncIterable<StreamChunk>;
  /**
   * Takes agent runs and workflow steps from a Redis queue (as `claude-hybrid worker` does)
   * until closed. Resolves once it is connected and taking jobs.
   */
  worker(options: WorkerOptions): Promise<HybridWorker>;
  readonly workflows: {
    /** Runs a workflow (a file, or a name in `.claude-hybrid/workflows/` or bundled) to its end. */
    run(
      workflow: string,
      inputs?: Readonly<Record<string, string>>,
      options?: WorkflowRunOptions,
    ): Promise<WorkflowRunResult>;
    /** A run's steps, status and cost. */
    status(runId: string): Promise<WorkflowStatus>;
    /** Goes on with a stopped, failed or interrupted run; finished steps are not run again. */
    resume(runId: string, options?: WorkflowRunOptions): Promise<WorkflowRunResult>;
    /** The project's runs, newest first. */
    list(options?: { readonly limit?: number }): Promise<readonly WorkflowStatus[]>;
    /** The workflows a run can name: the project's, then the bundled ones. */
    available(): Promise<readonly WorkflowInfo[]>;
  };
  readonly memory: {
    /** Keeps a learning in an agent's (or `project`'s) memory. */
    add(agent: string, content: string, options?: MemoryAddOptions): Promise<MemoryAddResult>;
    /** Full-text search over the project's memory, best first. */
    search(query: string, options?: MemorySearchOptions): Promise<readonly MemoryHit[]>;
    /** The entries of one agent's memory, or of every agent's, in file order. */
    list(options?: MemoryListOptions): Promise<readonly MemoryEntryView[]>;
  };
  readonly agents: {
    /** The effective agents (project, custom, user, bundled; shadowed ones left out). */
    list(): Promise<readonly AgentSummary[]>;
  };
  /** Agent Skills (`NAME/SKILL.md` folders) from the project, user and bundled tiers. */
  readonly skills: {
    /** The effective skills, one per name, sorted (shadowed and invalid ones left out). */
    list(): Promise<readonly SkillSummary[]>;
    /** Copies skills into Claude Code's skill folders, marked as ours; idempotent. */
    deploy(options?: SkillDeployOptions): Promise<SkillDeployResult>;
    /** Removes the skill folders deploy wrote, and only those. */
    undeploy(options?: SkillDeployOptions): Promise<SkillUndeployResult>;
  };
  readonly events: {
    /** Listens to every event this hybrid emits; returns the function that stops it. */
    subscribe(listener: (event: HybridEvent) => void): () => void;
    /** The project's recorded events (runs, hooks, workflows), newest first. */
    recent(options?: RecentEventsOptions): Promise<readonly RecordedEvent[]>;
  };
  /** The runs recorded in the project: success rate, latency, cache, retries, tokens and cost. */
  stats(options?: StatsOptions): Promise<RunStatsSummary>;
  readonly cache: {
    /** The response cache's counters and size. */
    stats(): Promise<CacheStatsView>;
  };
  /**
   * Checks the installation and this project as `claude-hybrid doctor` does: each check with its
   * status and, for a problem, a fix. Changes nothing; offline unless `online`.
   */
  doctor(options?: DoctorOptions): Promise<DoctorReport>;
  /** Flushes events and closes the store and caches. Using the hybrid after it throws `engine.closed`. */
  close(): Promise<void>;
}
