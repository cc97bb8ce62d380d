import { hostname } from 'node:os';
import type { Job, Worker } from 'bullmq';
import {
  adoptQueuedRun,
  checkpoints,
  engineExecutor,
  executeWorkflowRun,
  planAgentRun,
  runAgent,
} from '../engine/engine.bundle.js';
import type { Engine, ProviderName } from '../engine/index.js';
import { WorkflowError, isHybridError } from '../errors.js';
import type { StepExecutor } from '../workflow/index.js';
import { bullmq } from './bullmq-library.js';
import { relayRunEvents } from './event-relay.js';
import { installSharedRateLimit } from './install-shared-rate-limit.js';
import { readJob } from './job-data.js';
import type { AgentRunJob, QueuedJob, StepJob, WorkflowJob } from './job-data.js';
import { encodeFailure } from './job-failure.js';
import type { JobQueue } from './job-queue.js';
import { queuedSteps } from './queue-step-executor.js';
import { CALLS_QUEUE, QUEUE_PREFIX, WORKFLOWS_QUEUE } from './queue-names.js';

/**
 * A job whose worker stops renewing its lock (killed, frozen) for this long is handed to another
 * worker by BullMQ's stalled-job check, which runs every STALLED_CHECK_MS.
 */
const LOCK_MS = 10_000;
const STALLED_CHECK_MS = 5_000;
/** A job that stalls this many times (its worker died each time) fails rather than loops. */
const MAX_STALLS = 3;
/** How often a coordinator looks for a `workflow cancel` of its run. */
const CANCEL_CHECK_MS = 1000;
/** Coordinators only wait on their steps: a worker drives this many runs at once. */
const WORKFLOW_CONCURRENCY = 16;
/**
 * With a shared store, a model call first pulls what other machines' agents learned, at most
 * this often per process: one query, so a busy worker does not ask Postgres per job.
 */
const MEMORY_PULL_MS = 1000;

export interface QueueWorkerOptions {
  readonly engine: Engine;
  readonly queue: JobQueue;
  /** Model calls (agent runs and steps) at once. */
  readonly concurrency: number;
  /** One line per job started, finished or failed. */
  readonly log: (line: string) => void;
}

/** Where a worker runs: its events are not imported again by a caller in the same project. */
export function workerOrigin(engine: Engine): string {
  return `${hostname()}:${engine.loaded.projectRoot}`;
}

/**
 * Consumes agent runs and workflow steps (the calls queue, `concurrency` at once) and drives
 * workflow runs (the workflows queue), through the engine, as the CLI would run them here. The
 * events of every job's run are relayed to the run's stream for its caller.
 */
export class QueueWorker {
  private readonly workers: Worker[] = [];
  private readonly active = new Map<string, number>();
  private readonly unrelay: () => void;
  private readonly executors = new Map<string, StepExecutor>();

  constructor(private readonly options: QueueWorkerOptions) {
    const { engine, queue } = options;
    this.unrelay = relayRunEvents(
      engine.runtime.bus,
      queue.redis,
      (runId) => this.active.has(runId),
      workerOrigin(engine),
      (error) => {
        options.log(`warning: an event could not be relayed: ${String(error)}`);
      },
    );
    // Every model client of this process draws on the queue's shared request rate, if set.
    installSharedRateLimit({
      redis: queue.redis,
      config: engine.config,
      onError: (error) => {
        options.log(`warning: ${error.message}`);
      },
    });
    const { Worker } = bullmq();
    const settings = {
      connection: queue.redis,
      prefix: QUEUE_PREFIX,
      lockDuration: LOCK_MS,
      stalledInterval: STALLED_CHECK_MS,
      maxStalledCount: MAX_STALLS,
    };
    const processor = (job: Job): Promise<unknown> => this.process(job);
    this.workers.push(
      new Worker(CALLS_QUEUE, processor, { ...settings, concurrency: options.concurrency }),
      new Worker(WORKFLOWS_QUEUE, processor, { ...settings, concurrency: WORKFLOW_CONCURRENCY }),
    );
    for (const worker of this.workers)
      worker.on('error', (error) => {
        options.log(`warning: ${error.message}`);
      });
  }

  /** Resolves once both consumers are connected and taking jobs. */
  async ready(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
  }

  /** Stops taking jobs and waits for the ones in progress to finish. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.unrelay();
  }

  private async process(job: Job): Promise<unknown> {
    const data = readJob(job.data);
    const { UnrecoverableError } = bullmq();
    if (typeof data === 'string') {
      this.options.log(`job ${job.id ?? '?'} refused: ${data}`);
      throw new UnrecoverableError(`not a claude-hybrid job: ${data}`);
    }
    const label = describe(job, data);
    const started = performance.now();
    this.active.set(data.runId, (this.active.get(data.runId) ?? 0) + 1);
    this.options.log(`${label} started`);
    try {
      const result = await this.run(data);
      this.options.log(`${label} done in ${Math.round(performance.now() - started)} ms`);
      return result;
    } catch (error) {
      const reason = encodeFailure(error);
      this.options.log(
        `${label} failed: ${isHybridError(error) ? `${error.code}: ${error.message}` : String(error)}`,
      );
      // Our own errors are final (the engine already retried what could be); anything else
      // is tried again, a bounded number of times.
      if (isHybridError(error)) throw new UnrecoverableError(reason);
      throw new Error(reason, { cause: error });
    } finally {
      const left = (this.active.get(data.runId) ?? 1) - 1;
      if (left > 0) this.active.set(data.runId, left);
      else this.active.delete(data.runId);
    }
  }

  private async run(data: QueuedJob): Promise<unknown> {
    switch (data.kind) {
      case 'agent-run':
        await this.options.engine.syncSharedMemory({ maxAgeMs: MEMORY_PULL_MS });
        return this.runAgent(data);
      case 'step':
        await this.options.engine.syncSharedMemory({ maxAgeMs: MEMORY_PULL_MS });
        return this.runStep(data);
      case 'workflow':
        return this.driveWorkflow(data);
    }
  }

  private async runAgent(data: AgentRunJob): Promise<unknown> {
    const { engine } = this.options;
    const plan = planAgentRun(engine, {
      task: data.task,
      agent: data.agent ?? undefined,
      model: data.model ?? undefined,
      provider: data.provider ?? undefined,
      maxCostUsd: data.maxCostUsd ?? undefined,
    });
    return runAgent(engine, plan, {
      runId: data.runId,
      cache: data.cache,
      escalate: data.escalate === true,
    });
  }

  private runStep(data: StepJob): Promise<unknown> {
    const { engine } = this.options;
    const key = `${data.provider}\n${data.model ?? ''}\n${String(data.cache)}`;
    let executor = this.executors.get(key);
    if (executor === undefined) {
      executor = engineExecutor({
        engine,
        provider: engine.chooseProvider(data.provider).name,
        model: data.model ?? undefined,
        cache: data.cache,
      });
      this.executors.set(key, executor);
    }
    return executor.execute(data.step, data.task, new AbortController().signal, data.iteration);
  }

  private async driveWorkflow(data: WorkflowJob): Promise<unknown> {
    try {
      return await this.coordinate(data);
    } catch (error) {
      // Our own errors end the job for good: the run says so, rather than running forever.
      if (isHybridError(error))
        await checkpoints(this.options.engine)
          .setRunStatus(data.runId, 'failed', `${error.code}: ${error.message}`)
          .catch(() => undefined);
      throw error;
    }
  }

  private async coordinate(data: WorkflowJob): Promise<unknown> {
    const { engine, queue } = this.options;
    const prepared = await adoptQueuedRun(engine, data.runId);
    const { run } = prepared;
    if (!prepared.adopted)
      return { status: run.status, spentUsd: run.spentUsd, error: run.error ?? null };
    const provider: ProviderName = engine.chooseProvider(
      data.provider ?? run.options.provider,
    ).name;
    // `workflow cancel` marks a queued run cancelled in the store: stop driving it then.
    const controller = new AbortController();
    const watch = setInterval(() => {
      checkpoints(engine)
        .run(run.id)
        .then((now) => {
          if (now?.status === 'cancelled')
            controller.abort(
              new WorkflowError('workflow.cancelled', `run ${run.id} was cancelled`, {
                exitCode: 2,
              }),
            );
        })
        .catch(() => undefined);
    }, CANCEL_CHECK_MS);
    let outcome;
    try {
      outcome = await executeWorkflowRun(engine, prepared, {
        provider,
        cache: data.cache,
        signal: controller.signal,
        executor: (local) =>
          queuedSteps(local, queue, {
            runId: run.id,
            provider,
            model: run.options.model,
            cache: data.cache,
          }),
      });
    } finally {
      clearInterval(watch);
    }
    return { status: outcome.status, spentUsd: outcome.spentUsd, error: outcome.error ?? null };
  }
}

function describe(job: Job, data: QueuedJob): string {
  const attempt = job.attemptsMade > 0 ? ` (attempt ${job.attemptsMade + 1})` : '';
  switch (data.kind) {
    case 'agent-run':
      return `run ${data.runId}${attempt}`;
    case 'step':
      return `step ${data.stepId}#${data.iteration} of run ${data.runId}${attempt}`;
    case 'workflow':
      return `workflow run ${data.runId}${attempt}`;
  }
}
