/** The library's workflow types: running a workflow, its progress and status, and queue workers. */
import type { RunEscalation } from '../models/escalation.js';
import type { ProviderName } from './provider-name.js';

export interface WorkflowRunOptions {
  /** @default the hybrid's provider */
  readonly provider?: ProviderName;
  /** The model for steps that name none. */
  readonly model?: string;
  /** Answer from the response cache when it holds the exact request. @default true */
  readonly cache?: boolean;
  /** Aborting stops the run cleanly; its steps in flight go back to pending (resume it later). */
  readonly signal?: AbortSignal;
  /** Receives each step's progress. */
  readonly onStep?: (event: WorkflowStepEvent) => void;
  /**
   * Enqueue the run for the `claude-hybrid worker`s on this Redis; its steps fan out to all of
   * them, and it resolves when the run ends (onStep is not called). @default run here
   */
  readonly queue?: string;
}

export interface WorkerOptions {
  /** The Redis to take jobs from, `redis://HOST:PORT`. */
  readonly queue: string;
  /** Model calls at once. @default config `queue.concurrency` */
  readonly concurrency?: number;
  /** One line per job started, finished or failed. @default none */
  readonly onLog?: (line: string) => void;
}

/** A queue worker running in this process, over this hybrid's engine. */
export interface HybridWorker {
  /** Stops taking jobs and waits for those in progress; then closes its connection. */
  close(): Promise<void>;
}

/** A step's progress, as the scheduler reports it. */
export type WorkflowStepEvent =
  | { readonly type: 'step.started'; readonly stepId: string; readonly iteration: number }
  | {
      readonly type: 'step.completed';
      readonly stepId: string;
      readonly iteration: number;
      readonly agent: string;
      readonly model: string;
      readonly costUsd: number;
      readonly done: boolean;
    }
  | {
      /** A step with `escalate: true` had an answer fail its check: see RunEscalation. */
      readonly type: 'step.escalated';
      readonly stepId: string;
      readonly iteration: number;
      readonly agent: string;
      readonly escalation: RunEscalation;
    }
  | { readonly type: 'step.skipped'; readonly stepId: string; readonly reason: string }
  | { readonly type: 'step.blocked'; readonly stepId: string; readonly reason: string }
  | { readonly type: 'step.failed'; readonly stepId: string; readonly error: string };

export type WorkflowRunState =
  'running' | 'succeeded' | 'failed' | 'cancelled' | 'budget_exceeded' | 'interrupted';

export type WorkflowStepState =
  'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'blocked';

export interface WorkflowStepStatus {
  readonly stepId: string;
  readonly status: WorkflowStepState;
  readonly agent: string | null;
  readonly model: string | null;
  readonly iterations: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly durationMs: number;
  readonly attempts: number;
  readonly output: string | null;
  readonly error: string | null;
  /**
   * The latest iteration's escalation, with `escalate: true` (then `model` and `output` are the
   * retry's, the tokens and cost both calls'); null when it did not escalate.
   */
  readonly escalation: RunEscalation | null;
}

/** A workflow run as recorded: its steps, status and spend. */
export interface WorkflowStatus {
  readonly runId: string;
  readonly name: string;
  readonly status: WorkflowRunState;
  readonly spentUsd: number;
  readonly error: string | null;
  readonly createdAt: string;
  readonly steps: readonly WorkflowStepStatus[];
}

/** A workflow a run can name: in `.claude-hybrid/workflows/`, or bundled with the package. */
export interface WorkflowInfo {
  /** What `workflows.run(name)` takes. */
  readonly name: string;
  /** A project workflow shadows a bundled one of the same name. */
  readonly scope: 'project' | 'bundled';
  readonly file: string;
  readonly description: string | null;
  readonly inputs: readonly {
    readonly name: string;
    readonly description: string | null;
    /** An input without a default must be given. */
    readonly required: boolean;
    readonly default: string | null;
  }[];
  readonly steps: number;
  /** Why the file cannot run as it is (empty for a valid workflow). */
  readonly problems: readonly string[];
}

/** A finished (or stopped) workflow run. */
export type WorkflowRunResult = WorkflowStatus;
