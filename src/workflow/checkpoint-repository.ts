import type {
  CheckpointStore,
  IterationResult,
  RunOptions,
  RunRecord,
  RunStatus,
  StepRecord,
  StepStatus,
} from './checkpoint-store.js';
import type { WorkflowDefinition } from './definition.js';

/** A run to record: its steps start pending. */
export interface NewRun {
  readonly id: string;
  readonly file: string;
  readonly definition: WorkflowDefinition;
  readonly inputs: Readonly<Record<string, string>>;
  readonly options: RunOptions;
  /** The process running it; undefined for a run a queue's workers own. */
  readonly pid: number | undefined;
}

/**
 * Workflow runs and their steps, wherever they are kept: the project's SQLite database (the
 * default, see CheckpointStore) or a shared Postgres (`store.url`). Every method has the
 * semantics CheckpointStore documents; each transition is atomic, and the conditional ones
 * (startStep, completeIteration, reopen) are compare-and-set, so several processes or machines
 * may work on one run without a step being completed, or billed, twice.
 */
export interface CheckpointRepository {
  createRun(run: NewRun): Promise<void>;
  run(id: string): Promise<RunRecord | undefined>;
  runs(limit?: number): Promise<RunRecord[]>;
  steps(runId: string): Promise<StepRecord[]>;
  step(runId: string, stepId: string): Promise<StepRecord | undefined>;
  setRunStatus(id: string, status: RunStatus, error?: string, pid?: number): Promise<void>;
  startStep(runId: string, stepId: string): Promise<boolean>;
  completeIteration(
    runId: string,
    stepId: string,
    iteration: number,
    result: IterationResult,
    done: boolean,
  ): Promise<boolean>;
  addStepCost(runId: string, stepId: string, costUsd: number): Promise<void>;
  finishStep(
    runId: string,
    stepId: string,
    status: Exclude<StepStatus, 'running'>,
    error?: string,
  ): Promise<void>;
  reopen(
    id: string,
    pid: number | undefined,
    seen: { status: RunStatus; pid: number | undefined },
  ): Promise<boolean>;
  cancelAbandoned(id: string, reason: string): Promise<void>;
}

/** A synchronous call as a promise: what it returns, or what it throws as a rejection. */
function settled<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => {
    resolve(work());
  });
}

/** The project's SQLite checkpoints behind the repository interface (each call is synchronous). */
export function sqliteCheckpoints(store: CheckpointStore): CheckpointRepository {
  return {
    createRun: (run) =>
      settled(() => {
        store.createRun(run);
      }),
    run: (id) => settled(() => store.run(id)),
    runs: (limit) => settled(() => store.runs(limit)),
    steps: (runId) => settled(() => store.steps(runId)),
    step: (runId, stepId) => settled(() => store.step(runId, stepId)),
    setRunStatus: (id, status, error, pid) =>
      settled(() => {
        store.setRunStatus(id, status, error, pid);
      }),
    startStep: (runId, stepId) => settled(() => store.startStep(runId, stepId)),
    completeIteration: (runId, stepId, iteration, result, done) =>
      settled(() => store.completeIteration(runId, stepId, iteration, result, done)),
    addStepCost: (runId, stepId, costUsd) =>
      settled(() => {
        store.addStepCost(runId, stepId, costUsd);
      }),
    finishStep: (runId, stepId, status, error) =>
      settled(() => {
        store.finishStep(runId, stepId, status, error);
      }),
    reopen: (id, pid, seen) => settled(() => store.reopen(id, pid, seen)),
    cancelAbandoned: (id, reason) =>
      settled(() => {
        store.cancelAbandoned(id, reason);
      }),
  };
}
