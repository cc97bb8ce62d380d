import type { AgentRunResult, Engine } from '../engine/index.js';
import {
  JobQueue,
  QueueWorker,
  WORKFLOWS_QUEUE,
  followAndRecord,
  parseQueueUrl,
  runAgentOnQueue,
  startWorkflowOnQueue,
} from '../queue/queue.bundle.js';
import type { AgentRunRequest, QueuedWorkflowRun } from '../queue/queue.bundle.js';
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
  const { signal, ...request } = run;
  return withQueue(url, (queue) => runAgentOnQueue(engine, queue, request, { signal }));
}

/** A workflow run recorded for a queue's workers and followed to its end; returns its id. */
export function workflowOnQueue(
  engine: Engine,
  url: string,
  run: QueuedWorkflowRun & { readonly signal: AbortSignal | undefined },
): Promise<string> {
  return withQueue(url, async (queue) => {
    const { run: recorded, job } = await startWorkflowOnQueue(engine, queue, run);
    await followAndRecord(engine, {
      queue,
      name: WORKFLOWS_QUEUE,
      job,
      runId: recorded.id,
      what: `workflow run ${recorded.id}`,
      signal: run.signal,
      onEvent: () => undefined,
    });
    return recorded.id;
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
