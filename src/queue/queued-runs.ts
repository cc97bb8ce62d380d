import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { createWorkflowRun } from '../engine/engine.bundle.js';
import type { AgentRunResult, Engine } from '../engine/index.js';
import type { EventBus } from '../events/index.js';
import type { RunRecord } from '../workflow/index.js';
import { bullmq } from './bullmq-library.js';
import { readRunEvents } from './event-relay.js';
import type { RelayedEvent } from './event-relay.js';
import type { AgentRunJob } from './job-data.js';
import type { JobQueue, QueueName } from './job-queue.js';
import { CALLS_QUEUE, WORKFLOWS_QUEUE, agentRunJobId, workflowJobId } from './queue-names.js';
import { workerOrigin } from './queue-worker.js';

/** How long one blocking read of a run's events waits before checking on the job. */
const READ_BLOCK_MS = 250;

/** An agent run to enqueue: what `run` takes. */
export type AgentRunRequest = Omit<AgentRunJob, 'kind' | 'runId'>;

/** Enqueues an agent run; returns its run id (its events carry it) and its job. */
export async function enqueueAgentRun(
  queue: JobQueue,
  request: AgentRunRequest,
): Promise<{ runId: string; job: Job }> {
  const runId = randomUUID();
  const job = await queue.add(CALLS_QUEUE, agentRunJobId(runId), {
    kind: 'agent-run',
    runId,
    ...request,
  });
  return { runId, job };
}

/** Enqueues the coordinator of a workflow run already recorded in the checkpoint store. */
export function enqueueWorkflowRun(
  queue: JobQueue,
  runId: string,
  options: { provider: string | undefined; cache: boolean },
): Promise<Job> {
  return queue.add(WORKFLOWS_QUEUE, workflowJobId(runId), {
    kind: 'workflow',
    runId,
    provider: options.provider,
    cache: options.cache,
  });
}

/** The job of a workflow run, when the queue still has it. */
export async function workflowJob(queue: JobQueue, runId: string): Promise<Job | undefined> {
  return bullmq().Job.fromId(queue.queue(WORKFLOWS_QUEUE), workflowJobId(runId));
}

export interface FollowOptions {
  readonly queue: JobQueue;
  readonly name: QueueName;
  readonly job: Job;
  readonly runId: string;
  /** Each event of the run, in order, from its start. */
  readonly onEvent: (relayed: RelayedEvent) => void;
  readonly what: string;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Follows a queued run from its first event to its job's end: every event relayed so far and
 * then as they come, then the job's result (or its error). The events after the job finished
 * are read before it returns, so none is missed.
 */
export async function followRun(options: FollowOptions): Promise<unknown> {
  const reader: Redis = options.queue.redis.duplicate();
  let finished = false;
  const result = options.queue
    .wait(options.name, options.job, options.what, options.signal)
    .finally(() => {
      finished = true;
    });
  // Settled below; this keeps an early rejection from being reported as unhandled meanwhile.
  result.catch(() => undefined);
  try {
    let position = '0';
    for (;;) {
      options.signal?.throwIfAborted();
      const done = finished;
      const { events, next } = await readRunEvents(
        reader,
        options.runId,
        position,
        done ? 1 : READ_BLOCK_MS,
      );
      position = next;
      for (const relayed of events) options.onEvent(relayed);
      if (done && events.length === 0) break;
    }
    return await result;
  } finally {
    reader.disconnect();
  }
}

/**
 * Records relayed events on this process's bus (so its store, daemon and dashboard see them),
 * except those a worker in this same project already recorded there.
 */
export function importRelayed(bus: EventBus, relayed: RelayedEvent, ownOrigin: string): void {
  if (relayed.origin === ownOrigin) return;
  const { event } = relayed;
  // A worker of ours emitted it on its typed bus.
  bus.emit(event.type, event.payload, {
    ...(event.session === null ? {} : { session: event.session }),
    ...(event.run === null ? {} : { run: event.run }),
  });
}

/**
 * Follows a queued run to its end (followRun), recording its events on this engine's bus
 * (importRelayed); `onEvent` sees each of them too.
 */
export function followAndRecord(engine: Engine, options: FollowOptions): Promise<unknown> {
  const origin = workerOrigin(engine);
  return followRun({
    ...options,
    onEvent: (relayed) => {
      importRelayed(engine.runtime.bus, relayed, origin);
      options.onEvent(relayed);
    },
  });
}

/**
 * An agent run on the queue's workers, from enqueue to result, its events recorded here.
 * `onEvent` sees each event as it comes (progress); `signal` stops the waiting, not the run.
 */
export async function runAgentOnQueue(
  engine: Engine,
  queue: JobQueue,
  request: AgentRunRequest,
  options: {
    readonly signal?: AbortSignal | undefined;
    readonly onQueued?: (runId: string) => void;
    readonly onEvent?: (relayed: RelayedEvent) => void;
  } = {},
): Promise<AgentRunResult> {
  const { runId, job } = await enqueueAgentRun(queue, request);
  options.onQueued?.(runId);
  return (await followAndRecord(engine, {
    queue,
    name: CALLS_QUEUE,
    job,
    runId,
    what: `run ${runId}`,
    signal: options.signal,
    onEvent: options.onEvent ?? (() => undefined),
  })) as AgentRunResult; // an agent-run job returns the run's result
}

/** A workflow run to record for the queue's workers. */
export interface QueuedWorkflowRun {
  readonly file: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly provider: string | undefined;
  readonly model: string | undefined;
  /** The run's budget, instead of the file's `maxCostUsd`. */
  readonly maxCostUsd?: number | undefined;
  readonly cache: boolean;
}

/**
 * Records a workflow run for the queue's workers (checked first, as a local run is, and naming
 * the queue) and enqueues its coordinator.
 */
export async function startWorkflowOnQueue(
  engine: Engine,
  queue: JobQueue,
  request: QueuedWorkflowRun,
): Promise<{ run: RunRecord; job: Job }> {
  const { run } = await createWorkflowRun(engine, {
    file: request.file,
    inputs: request.inputs,
    provider: request.provider,
    model: request.model,
    maxCostUsd: request.maxCostUsd,
    queue: queue.url.shown,
  });
  const job = await enqueueWorkflowRun(queue, run.id, request);
  return { run, job };
}
