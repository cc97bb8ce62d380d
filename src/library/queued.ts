import { createWorkflowRun } from '../engine/engine.bundle.js';
import type { AgentRunResult, Engine } from '../engine/index.js';
import {
  CALLS_QUEUE,
  JobQueue,
  QueueWorker,
  WORKFLOWS_QUEUE,
  enqueueAgentRun,
  enqueueWorkflowRun,
  followRun,
  importRelayed,
  parseQueueUrl,
  workerOrigin,
} from '../queue/queue.bundle.js';
import type { AgentRunRequest } from '../queue/queue.bundle.js';
import type { HybridWorker, WorkerOptions } from './types.js';

/** What the library enqueues for an agent run, and how the caller stops waiting for it. */
export type QueuedAgentRun = AgentRunRequest & { readonly signal: AbortSignal | undefined };

/** Opens the queue, runs `work` with it, closes it. */
async function withQueue<T>(url: string, work: (queue: JobQueue) => Promise<T>): Promise<T> {
  const queue = await JobQueue.open(parseQueueUrl(url));
  try {
    return await work(queue);
  } finally {
    await queue.close();
  }
}

/** An agent run on a queue's workers: its result, with its events recorded on `engine`'s bus. */
export function runOnQueue(
  engine: Engine,
  url: string,
  run: QueuedAgentRun,
): Promise<AgentRunResult> {
  return withQueue(url, async (queue) => {
    const { signal, ...request } = run;
    const { runId, job } = await enqueueAgentRun(queue, request);
    const origin = workerOrigin(engine);
    return (await followRun({
      queue,
      name: CALLS_QUEUE,
      job,
      runId,
      what: `run ${runId}`,
      signal,
      onEvent: (relayed) => {
        importRelayed(engine.runtime.bus, relayed, origin);
      },
    })) as AgentRunResult; // an agent-run job returns the run's result
  });
}

/** A workflow run recorded for a queue's workers and followed to its end; returns its id. */
export function workflowOnQueue(
  engine: Engine,
  url: string,
  run: {
    readonly file: string;
    readonly inputs: Readonly<Record<string, string>>;
    readonly provider: string | undefined;
    readonly model: string | undefined;
    readonly cache: boolean;
    readonly signal: AbortSignal | undefined;
  },
): Promise<string> {
  return withQueue(url, async (queue) => {
    const prepared = await createWorkflowRun(engine, {
      file: run.file,
      inputs: run.inputs,
      provider: run.provider,
      model: run.model,
      queue: queue.url.shown,
    });
    const runId = prepared.run.id;
    const job = await enqueueWorkflowRun(queue, runId, run);
    const origin = workerOrigin(engine);
    await followRun({
      queue,
      name: WORKFLOWS_QUEUE,
      job,
      runId,
      what: `workflow run ${runId}`,
      signal: run.signal,
      onEvent: (relayed) => {
        importRelayed(engine.runtime.bus, relayed, origin);
      },
    });
    return runId;
  });
}

/** A worker over this engine, taking jobs until closed. */
export async function startWorker(engine: Engine, options: WorkerOptions): Promise<HybridWorker> {
  const queue = await JobQueue.open(parseQueueUrl(options.queue));
  const worker = new QueueWorker({
    engine,
    queue,
    concurrency: options.concurrency ?? engine.config.queue.concurrency,
    log: options.onLog ?? (() => undefined),
  });
  try {
    await worker.ready();
  } catch (error) {
    await worker.close();
    await queue.close();
    throw error;
  }
  return {
    close: async () => {
      await worker.close();
      await queue.close();
    },
  };
}
