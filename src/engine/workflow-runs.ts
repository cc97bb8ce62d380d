import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WorkflowError } from '../errors.js';
import { callMetrics } from '../events/index.js';
import { closestNames } from '../routing/index.js';
import { processAlive, processStartStamp } from '../files/index.js';
import {
  WORKFLOW_EXTENSIONS,
  loadWorkflowFile,
  requireValid,
  resolveInputs,
  runWorkflow,
  validateWorkflow,
  workflowDirs,
  workflowNames,
} from '../workflow/index.js';
import type {
  CompiledWorkflow,
  RunOutcome,
  RunRecord,
  StepEvent,
  StepExecutor,
  CheckpointRepository,
} from '../workflow/index.js';
import type { Engine } from './engine.js';
import { engineExecutor } from './step-executor.js';

/** A recorded run ready to execute, with its checked definition. */
export interface PreparedRun {
  readonly run: RunRecord;
  readonly compiled: CompiledWorkflow;
}

export interface WorkflowExecution {
  /** The provider: the caller's, else the one the run started with, else the usual choice. */
  readonly provider?: string | undefined;
  /** Answer from the response cache when it has the exact request. @default true */
  readonly cache?: boolean | undefined;
  /** Aborting cancels the run cleanly: steps in flight go back to pending; resume it later. */
  readonly signal?: AbortSignal | undefined;
  /** Each step's progress, as the scheduler reports it. */
  readonly onStep?: ((event: StepEvent) => void) | undefined;
  /**
   * Wraps the engine's step executor: a queue's coordinator sends each step to its workers and
   * keeps the local estimate, context window and summaries.
   */
  readonly executor?: ((local: StepExecutor) => StepExecutor) | undefined;
}

/** The workflow checkpoints: the shared store (`store.url`) or the project's (initialised). */
export function checkpoints(engine: Engine): CheckpointRepository {
  return engine.checkpoints();
}

/**
 * A workflow file as given (relative to `cwd`); else one of that name in
 * `.claude-hybrid/workflows/`; else a bundled workflow of that name. A bare name that is none
 * of these is refused with the closest names (`workflow.unknown`); a path is returned as it is.
 */
export function resolveWorkflowFile(cwd: string, projectRoot: string, name: string): string {
  const direct = resolve(cwd, name);
  if (existsSync(direct)) return direct;
  if (!/^[\w-]+$/.test(name)) return direct;
  for (const dir of workflowDirs(projectRoot))
    for (const extension of WORKFLOW_EXTENSIONS) {
      const candidate = join(dir, `${name}${extension}`);
      if (existsSync(candidate)) return candidate;
    }
  const closest = closestNames(name, workflowNames(projectRoot));
  throw new WorkflowError('workflow.unknown', `no workflow "${name}" in this project or bundled`, {
    hint:
      closest.length > 0
        ? `the closest: ${closest.join(', ')} (all of them: claude-hybrid workflow list)`
        : 'see the workflows with: claude-hybrid workflow list',
    exitCode: 2,
  });
}

function agentNames(engine: Engine): string[] {
  return engine.runtime.registry.load().agents.map((entry) => entry.definition.name);
}

/**
 * Loads and checks a workflow file, resolves its inputs, chooses the provider and records a new
 * run, before any step runs: a bad file, input or provider is refused with nothing recorded.
 */
export async function createWorkflowRun(
  engine: Engine,
  input: {
    readonly file: string;
    readonly inputs: Readonly<Record<string, string>>;
    readonly provider?: string | undefined;
    readonly model?: string | undefined;
    /** The budget of the whole run, instead of the file's `maxCostUsd`; kept for a resume. */
    readonly maxCostUsd?: number | undefined;
    /** The queue (URL without credentials) whose workers will run it. */
    readonly queue?: string | undefined;
  },
): Promise<PreparedRun> {
  const loaded = requireValid(loadWorkflowFile(input.file, agentNames(engine)));
  const compiled =
    input.maxCostUsd === undefined
      ? loaded
      : { ...loaded, definition: { ...loaded.definition, maxCostUsd: input.maxCostUsd } };
  const inputs = resolveInputs(compiled.definition, input.inputs);
  return recordRun(engine, {
    file: input.file,
    compiled,
    inputs,
    // A queued run is called by the workers, with their keys: here only the name is checked.
    provider:
      input.queue === undefined
        ? usableProvider(engine, input.provider)
        : input.provider === undefined
          ? undefined
          : engine.chooseProvider(input.provider).name,
    model: input.model,
    queue: input.queue,
  });
}

/**
 * The provider a run will use, built now so that a missing key or binary is refused before
 * anything is recorded (a run that could only fail at its first step is no run to resume).
 */
function usableProvider(engine: Engine, requested: string | undefined): string {
  const { name } = engine.chooseProvider(requested);
  engine.provider(name, []);
  return name;
}

/** Records a run of a checked workflow (a file's, or a plan's) and returns it. */
export async function recordRun(
  engine: Engine,
  input: {
    readonly file: string;
    readonly compiled: CompiledWorkflow;
    readonly inputs: Readonly<Record<string, string>>;
    /** Undefined for a queued run that leaves the choice to its workers. */
    readonly provider: string | undefined;
    readonly model: string | undefined;
    /** The queue (URL without credentials) whose workers will run it; it then has no pid. */
    readonly queue?: string | undefined;
    /** @default 8 random hex digits */
    readonly id?: string;
  },
): Promise<PreparedRun> {
  const store = checkpoints(engine);
  const id = input.id ?? randomUUID().slice(0, 8);
  await store.createRun({
    id,
    file: input.file,
    definition: input.compiled.definition,
    inputs: input.inputs,
    options: {
      provider: input.provider,
      model: input.model,
      ...(input.queue === undefined ? {} : { queue: input.queue }),
    },
    pid: input.queue === undefined ? process.pid : undefined,
  });
  return { run: await requireRun(store, id), compiled: input.compiled };
}

/**
 * Takes over a stopped, failed or interrupted run for this process. Refused for a run that
 * succeeded, one still running elsewhere, one whose agents are gone, or one another process
 * took over first.
 */
export async function reopenWorkflowRun(
  engine: Engine,
  id: string,
  options: {
    readonly provider?: string | undefined;
    /**
     * The model for the steps still to run that name none, instead of the one the run started
     * with; this resume only (a later one takes the run's own again).
     */
    readonly model?: string | undefined;
    /** Take it over for a queue's workers (no pid) rather than for this process. */
    readonly forQueue?: boolean | undefined;
  } = {},
): Promise<PreparedRun> {
  const store = checkpoints(engine);
  const run = await findRun(store, id);
  const status = effectiveStatus(run);
  if (status === 'succeeded')
    throw new WorkflowError(
      'workflow.finished',
      `run ${run.id} already succeeded; there is nothing to resume`,
      { hint: `see its results with: claude-hybrid workflow status ${run.id}`, exitCode: 2 },
    );
  if (status === 'running')
    throw new WorkflowError(
      'workflow.running',
      `run ${run.id} is still running in process ${run.pid ?? '?'}`,
      { hint: `stop it first with: claude-hybrid workflow cancel ${run.id}`, exitCode: 2 },
    );
  const { compiled, issues } = validateWorkflow(run.definition, { agents: agentNames(engine) });
  if (compiled === undefined)
    throw new WorkflowError(
      'workflow.invalid',
      `run ${run.id} can no longer run: ${issues[0]?.message ?? 'invalid'}`,
      {
        hint: 'an agent it names may have been removed; restore it and resume again',
        exitCode: 2,
      },
    );
  usableProvider(engine, options.provider ?? run.options.provider);
  const owner = options.forQueue === true ? undefined : process.pid;
  if (!(await store.reopen(run.id, owner, { status: run.status, pid: run.pid })))
    throw new WorkflowError(
      'workflow.running',
      `run ${run.id} was just resumed by another process`,
      { hint: `follow it with: claude-hybrid workflow status ${run.id}`, exitCode: 2 },
    );
  const reopened = (await store.run(run.id)) ?? run;
  return {
    run:
      options.model === undefined
        ? reopened
        : { ...reopened, options: { ...reopened.options, model: options.model } },
    compiled,
  };
}

/**
 * Takes over a queued run for a queue worker: the run's coordinator job, started for the first
 * time or again after the worker that held it died. Its unfinished steps are pending again
 * (a step whose job already finished answers from the queue, so nothing is asked twice). A run
 * that is no longer running (finished, or cancelled) is returned as it is, with `adopted` false.
 */
export async function adoptQueuedRun(
  engine: Engine,
  id: string,
): Promise<PreparedRun & { readonly adopted: boolean }> {
  const store = checkpoints(engine);
  const run = await findRun(store, id);
  const { compiled, issues } = validateWorkflow(run.definition, { agents: agentNames(engine) });
  if (compiled === undefined)
    throw new WorkflowError(
      'workflow.invalid',
      `run ${run.id} cannot run on this worker: ${issues[0]?.message ?? 'invalid'}`,
      { hint: 'start workers in a checkout of the project that has its agents', exitCode: 2 },
    );
  if (run.status !== 'running') return { run, compiled, adopted: false };
  const adopted = await store.reopen(run.id, undefined, { status: run.status, pid: run.pid });
  return { run: (await store.run(run.id)) ?? run, compiled, adopted };
}

/**
 * Runs (or resumes) a recorded run to its end through the engine, emitting workflow and step
 * events that carry the run's id. Cancelling through the signal leaves the run resumable.
 */
export async function executeWorkflowRun(
  engine: Engine,
  prepared: PreparedRun,
  options: WorkflowExecution = {},
): Promise<RunOutcome> {
  const { run, compiled } = prepared;
  const { bus } = engine.runtime;
  const provider = engine.chooseProvider(options.provider ?? run.options.provider).name;
  const local = engineExecutor({
    engine,
    provider,
    model: run.options.model,
    cache: options.cache !== false,
    onRetry: (stepId, retry) => {
      bus.emit('run.retrying', { ...retry, runId: run.id, stepId }, { run: run.id });
    },
  });
  const executor = options.executor === undefined ? local : options.executor(local);
  // Every event of the run carries its id, so `events list --run ID` finds them.
  const meta = { run: run.id };
  const onEvent = (event: StepEvent): void => {
    if (event.type === 'step.started')
      bus.emit(
        'step.started',
        { runId: run.id, stepId: event.stepId, iteration: event.iteration },
        meta,
      );
    else if (event.type === 'step.completed') {
      const { result } = event;
      bus.emit(
        'step.completed',
        {
          runId: run.id,
          stepId: event.stepId,
          iteration: event.iteration,
          agent: result.agent,
          model: result.model,
          ...callMetrics(result),
          cached: result.cached,
        },
        meta,
      );
    } else if (event.type === 'step.escalated') {
      const { escalation } = event;
      bus.emit(
        'run.escalated',
        {
          runId: run.id,
          stepId: event.stepId,
          agent: event.agent,
          from: escalation.from.model,
          to: escalation.to?.model ?? null,
          tier: escalation.tier,
          reason: escalation.reason,
          detail: escalation.detail,
          costUsd: escalation.from.costUsd,
          skipped: escalation.skipped,
        },
        meta,
      );
    } else if (event.type === 'step.failed')
      bus.emit('step.failed', { runId: run.id, stepId: event.stepId, error: event.error }, meta);
    options.onStep?.(event);
  };
  bus.emit(
    'workflow.started',
    { runId: run.id, name: run.name, steps: compiled.definition.steps.length },
    meta,
  );
  const outcome = await runWorkflow({
    workflow: compiled,
    runId: run.id,
    inputs: run.inputs,
    store: checkpoints(engine),
    executor,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onEvent,
  });
  bus.emit(
    'workflow.completed',
    {
      runId: run.id,
      name: run.name,
      status: outcome.status,
      spentUsd: outcome.spentUsd,
      error: outcome.error ?? null,
    },
    meta,
  );
  return outcome;
}

/**
 * Whether the process that runs `run` is still that process: alive, and (where the system says)
 * started when the run recorded it. A pid reused by another program after a crash is not.
 */
export function runnerAlive(run: RunRecord): boolean {
  if (run.pid === undefined || !processAlive(run.pid)) return false;
  return run.pidStarted === undefined || processStartStamp(run.pid) === run.pidStarted;
}

/** A run's status as a user should read it: a running run whose process is gone was interrupted. */
export function effectiveStatus(run: RunRecord): string {
  // A queued run has no pid: the queue's stalled-job check hands it to another worker.
  if (run.options.queue !== undefined) return run.status;
  return run.status === 'running' && run.pid !== process.pid && !runnerAlive(run)
    ? 'interrupted'
    : run.status;
}

/** The run with this id, or a WorkflowError naming the recent ones. */
export async function findRun(store: CheckpointRepository, id: string): Promise<RunRecord> {
  const run = await store.run(id);
  if (run !== undefined) return run;
  const recent = (await store.runs(5)).map((candidate) => candidate.id);
  throw new WorkflowError('workflow.unknown_run', `no workflow run "${id}" in this project`, {
    hint:
      recent.length > 0
        ? `recent runs: ${recent.join(', ')} (claude-hybrid workflow runs)`
        : 'start one with: claude-hybrid workflow run FILE',
    exitCode: 2,
  });
}

async function requireRun(store: CheckpointRepository, id: string): Promise<RunRecord> {
  const run = await store.run(id);
  if (run === undefined)
    throw new WorkflowError('workflow.unknown_run', `run ${id} was not recorded`, { exitCode: 1 });
  return run;
}
